"""Requests without a valid API key take turns: at most `public_concurrency` at once, and in
one pass of the event loop.

uvicorn serves every request of the process on one event loop, first come first served. 64
keep-alive clients asking `/readyz` in a closed loop kept 64 requests ready at every turn of the
loop, and each step of an authenticated read waited behind all of them: its p99 went from 6.5
ms idle to 34.9 ms (docs/benchmarks.md, hostile clients). Whatever needs no key (health, docs,
the viewer's pages, 401s) is cheap alone and costly in number, so it is bounded as a class:
beyond the bound a request waits for a turn, holding only a parked coroutine and its socket,
and each step of a keyed request waits behind that many of them at most.

Turns go round the clients (by address; behind a proxy, uvicorn's `--proxy-headers` makes it
the forwarded one): one address flooding with many connections queues behind itself, and a
load balancer's check from another waits for one request of each other waiting client.

Waiting rather than answering 429 keeps the pace on the server's side: a refused closed-loop
client asks again at once, and each refusal costs the parse and the response a 200 costs.

Bounding requests in flight is not enough: a cheap answer (`/healthz`) is made within one step
of its task, so 64 of them never overlap, a semaphore never waits, and the loop still runs 64 of
them in every pass. So a turn is given back on the loop's next pass, not at once: at most
`concurrency` keyless requests are handled in one pass, whatever each costs, and the rest wait
parked until a later one.

A turn ends when the response starts, not when its last byte is sent: a client reading an
answer slowly must not hold a turn (four of them would stop every health check).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from functools import partial

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class PublicTurns:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency  # 0: no bound
        self._loop: asyncio.AbstractEventLoop | None = None
        self.free = concurrency
        # Waiters per client address, served round robin: a client flooding with many
        # connections waits behind its own requests, not in front of a load balancer's check.
        self.queues: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    def _bind(self) -> asyncio.AbstractEventLoop:
        # Futures belong to the loop they were made on; tests serve one app on several.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self.free, self.queues = loop, self.concurrency, OrderedDict()
        return loop

    async def _take(self, client: str) -> None:
        loop = self._bind()
        if self.free > 0 and not self.queues:
            self.free -= 1  # at once, without yielding
            return
        turn = loop.create_future()
        self.queues.setdefault(client, deque()).append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._give_back()  # handed a turn just as it was cancelled: pass it on
            raise

    def _give_back(self) -> None:
        while self.queues:
            client, waiting = next(iter(self.queues.items()))
            turn = waiting.popleft()
            if waiting:
                self.queues.move_to_end(client)
            else:
                del self.queues[client]
            if not turn.done():  # a cancelled waiter is skipped
                turn.set_result(None)
                return
        self.free += 1

    async def run(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        if self.concurrency <= 0:
            await app(scope, receive, send)
            return
        client = scope.get("client")
        await self._take(client[0] if client else "")
        held = True
        give_back = partial(self._loop.call_soon, self._give_back)  # type: ignore[union-attr]

        async def send_ending_turn(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.start":
                held = False
                give_back()
            await send(message)

        try:
            await app(scope, receive, send_ending_turn)
        finally:
            if held:
                give_back()

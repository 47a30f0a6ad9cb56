"""A request body must keep arriving: 408 for one trickled in to hold a connection.

Neither uvicorn nor its parsers bound the time a body takes: `--timeout-keep-alive` only
closes a connection idle between requests, and a route awaiting `receive()` waits as long as
the client keeps the socket open (one byte a minute held it forever). The bound is Apache
mod_reqtimeout's: `grace_s` to begin with, extended by one second per `min_rate` bytes
received, so a large upload at any honest speed passes and a trickle is cut within
`grace_s` seconds. Only time spent waiting for the client counts: a route that is slow to ask
for the next chunk does not use the client's time up.
"""

from __future__ import annotations

import asyncio

from fastapi import HTTPException
from starlette.types import Message, Receive


def timed(receive: Receive, grace_s: float, min_rate: int) -> Receive:
    """`receive` that raises 408 (an HTTPException, so the route's error handlers put it in
    the envelope) when the client's budget is spent."""
    waited = 0.0
    received = 0

    async def receive_in_time() -> Message:
        nonlocal waited, received
        loop = asyncio.get_running_loop()
        budget = grace_s + received / min_rate - waited
        started = loop.time()
        try:
            # A chunk already buffered returns without yielding, so a spent budget is only
            # enforced on a wait.
            async with asyncio.timeout(max(budget, 0.0)):
                message = await receive()
        except TimeoutError:
            raise HTTPException(
                408,
                f"the request body did not arrive in time ({received} bytes)",
                headers={"Connection": "close"},
            ) from None
        finally:
            waited += loop.time() - started
        received += len(message.get("body", b""))
        return message

    return receive_in_time

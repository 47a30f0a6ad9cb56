"""Issue 14, slow and numerous clients: headers and bodies trickled to hold a connection get
408 (a real uvicorn on 127.0.0.1, raw sockets), and requests without a key take turns so that
keyed work never queues behind a flood of them (the guard itself, with a stub app behind it)."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from api.guard import Guard
from api.main import create_app
from api.server import BoundedHttpToolsProtocol
from tests.api.test_hardening import KEY, settings
from tests.api.test_hardening_served import Served


class QuickHeaders(BoundedHttpToolsProtocol):
    timeout = 0.6  # MORETALE_HEADER_TIMEOUT_S is read once, at import; tests need a short one


@pytest.fixture
def served(tmp_path):
    app = create_app(settings(tmp_path, body_timeout_s=0.6, body_min_rate=1000))
    with Served(app, http=QuickHeaders) as s:
        yield s


def trickle(port: int, head: bytes, drip: bytes, every_s: float, for_s: float) -> tuple:
    """Send `head`, then `drip` every `every_s` for at most `for_s`; the server's answer, how
    long it took and whether the server closed the connection."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=every_s) as s:
        if head:
            s.sendall(head)
        answer = b""
        while time.monotonic() - started < for_s:
            try:
                part = s.recv(65536)
            except TimeoutError:
                try:
                    s.sendall(drip)
                except (BrokenPipeError, ConnectionResetError):
                    break
                continue
            except ConnectionResetError:
                break
            if not part:
                return answer, time.monotonic() - started, True
            answer += part
    return answer, time.monotonic() - started, False


def error_of(answer: bytes, status: bytes) -> dict:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 " + status), answer[:300]
    assert b"content-type: application/json" in head.lower(), head
    return json.loads(body)["error"]


def test_trickled_headers_get_408_and_the_connection_closes(served):
    answer, took, closed = trickle(
        served.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-A: b\r\n", 0.1, 5
    )
    assert closed and 0.5 < took < 2.5, (took, answer[:200])
    assert error_of(answer, b"408")["code"] == "REQUEST_TIMEOUT"
    # A connection that never sends a byte is bounded the same way.
    answer, took, closed = trickle(served.port, b"", b"", 0.1, 5)
    assert closed and error_of(answer, b"408")["detail"] == {"timeout_s": 0.6}


def test_headers_in_time_and_a_later_keep_alive_request_are_served(served):
    with socket.create_connection(("127.0.0.1", served.port), timeout=3) as s:
        for i in range(2):
            # Idle after an answer is uvicorn's keep-alive (5 s), not ours: the second
            # request's clock starts at its own first byte.
            time.sleep(0.8 if i else 0)
            for line in (b"GET /healthz HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"):
                s.sendall(line)
                time.sleep(0.15)
            answer = s.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


def _post_head(length: int) -> bytes:
    return (
        b"POST /api/stories/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-API-Key: " + KEY.encode() + b"\r\nContent-Length: " + str(length).encode() + b"\r\n\r\n"
    )


def test_a_trickled_body_gets_408_in_the_envelope(served):
    # One byte every 0.1 s is 10 B/s against a floor of 1,000 B/s: cut once 0.6 s are spent.
    answer, took, closed = trickle(served.port, _post_head(4000) + b'{"a', b" ", 0.1, 5)
    assert closed and 0.5 < took < 2.5, (took, answer[:200])
    assert error_of(answer, b"408")["code"] == "REQUEST_TIMEOUT"


def test_a_body_at_an_honest_pace_is_read_whole(served):
    # 3 KB at ~8 KB/s: ~0.4 s of waits, and each KB received buys 1 s more.
    body = json.dumps({"child_name": "x" * 3000}).encode()
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as s:
        s.sendall(_post_head(len(body)))
        for i in range(0, len(body), 512):
            s.sendall(body[i : i + 512])
            time.sleep(0.06)
        answer = s.recv(65536)
    assert error_of(answer, b"422")["code"] == "VALIDATION_ERROR"  # read, parsed, too long


# --- turns for requests without a key ----------------------------------------------------------


def _scope(path: str, key: str | None = None, client: str = "10.0.0.1") -> dict:
    headers = [(b"host", b"x")] + ([(b"x-api-key", key.encode())] if key else [])
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": headers,
        "client": (client, 40000),
    }


def test_requests_without_a_key_take_turns_and_keyed_ones_do_not_wait(tmp_path):
    async def scenario() -> None:
        entered: list[str] = []
        release = {p: asyncio.Event() for p in ("/slow", "/slow-reader")}

        async def app(scope, receive, send) -> None:
            entered.append(scope["path"])
            if scope["path"] == "/slow":  # holds its turn: no response started yet
                await release["/slow"].wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            if scope["path"] == "/slow-reader":  # answer started, the client reads slowly
                await release["/slow-reader"].wait()
            await send({"type": "http.response.body", "body": b""})

        guard = Guard(app, settings(tmp_path, public_concurrency=1))

        async def call(path: str, key: str | None = None) -> None:
            async def receive() -> dict:
                return {"type": "http.request", "body": b"", "more_body": False}

            async def send(message) -> None:
                pass

            await guard(_scope(path, key), receive, send)

        async def settle() -> None:
            for _ in range(5):
                await asyncio.sleep(0)

        slow = asyncio.create_task(call("/slow"))
        await settle()
        waiting = [asyncio.create_task(call(p)) for p in ("/healthz", "/readyz")]
        wrong_key = asyncio.create_task(call("/docs", "not-a-key"))
        await settle()
        assert entered == ["/slow"]  # one turn, taken; the others wait, a wrong key too
        await asyncio.wait_for(call("/api/stories/x/result", KEY), 1)  # keyed: no wait
        await asyncio.wait_for(call("/healthz", KEY), 1)  # a valid key skips the turns anywhere
        assert entered == ["/slow", "/api/stories/x/result", "/healthz"]
        release["/slow"].set()
        await asyncio.wait_for(asyncio.gather(slow, *waiting, wrong_key), 2)
        assert entered[3:] == ["/healthz", "/readyz", "/docs"]  # first come, first served
        # A turn ends when the answer starts: a slow reader does not hold it.
        reader = asyncio.create_task(call("/slow-reader"))
        await settle()
        await asyncio.wait_for(call("/healthz"), 1)
        release["/slow-reader"].set()
        await reader

    asyncio.run(scenario())


def test_cheap_keyless_answers_are_bounded_per_pass_of_the_loop(tmp_path):
    """/healthz is answered within one step of its task: 64 of them never overlap, so a bound
    on requests in flight alone would never hold one back."""

    async def scenario() -> None:
        entered: list[int] = []
        passes = 0

        async def app(scope, receive, send) -> None:  # answers without ever yielding
            entered.append(passes)
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        guard = Guard(app, settings(tmp_path, public_concurrency=2))

        async def send(message) -> None:
            pass

        tasks = [asyncio.create_task(guard(_scope("/healthz"), None, send)) for _ in range(10)]
        while not all(t.done() for t in tasks):
            await asyncio.sleep(0)  # one pass of the loop
            passes += 1
        per_pass = [entered.count(p) for p in sorted(set(entered))]
        assert max(per_pass) <= 2 and len(entered) == 10, per_pass

    asyncio.run(scenario())


def test_turns_go_round_the_clients(tmp_path):
    async def scenario() -> None:
        entered: list[str] = []
        release = asyncio.Event()

        async def app(scope, receive, send) -> None:
            entered.append(f"{scope['client'][0]} {scope['path']}")
            if scope["path"] == "/slow":
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        guard = Guard(app, settings(tmp_path, public_concurrency=1))

        async def send(message) -> None:
            pass

        def call(path: str, client: str) -> asyncio.Task:
            return asyncio.create_task(guard(_scope(path, client=client), None, send))

        tasks = [call("/slow", "flood")]
        await asyncio.sleep(0)
        tasks += [call(f"/readyz/{i}", "flood") for i in range(3)]  # queued first...
        await asyncio.sleep(0)
        tasks.append(call("/healthz", "balancer"))  # ...yet served after one of them
        await asyncio.sleep(0)
        release.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 2)
        assert entered == [
            "flood /slow",
            "flood /readyz/0",
            "balancer /healthz",
            "flood /readyz/1",
            "flood /readyz/2",
        ]

    asyncio.run(scenario())

"""Issue 14 over real HTTP: the app under uvicorn (in a thread, with api.server's protocol) for
the header bound and the event streams, and a real redis-server for the shared rate limiter."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from api.server import BoundedHttpToolsProtocol
from devstack.stack import free_port
from tests.api.test_hardening import KEY, OTHER, add_story, request_body, settings


class Served:
    def __init__(self, app, http: type = BoundedHttpToolsProtocol) -> None:
        self.app, self.port = app, free_port()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            http=http,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def raw(port: int, data: bytes, chunk: int = 1 << 16) -> bytes:
    """Send bytes as a client would, read the answer until the server closes or 3 s pass."""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        try:
            for i in range(0, len(data), chunk):
                s.sendall(data[i : i + chunk])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking it all: what we test
        out = b""
        try:
            while part := s.recv(65536):
                out += part
        except (TimeoutError, ConnectionResetError):
            pass
    return out


@pytest.fixture
def served(tmp_path) -> Iterator[Served]:
    app = create_app(
        settings(
            tmp_path,
            sse_max_per_key=2,
            sse_max_total=3,
            sse_max_lifetime_s=1.5,
            max_body_bytes=1 << 20,
        )
    )
    with Served(app) as s:
        yield s


def test_oversized_headers_are_431_in_the_envelope(served):
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (200 << 10) + b"\r\n\r\n"
    answer = raw(served.port, big)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431"), answer[:200]
    assert b'"HEADERS_TOO_LARGE"' in body
    # Headers just under the bound, and a body far larger than it, still pass.
    ok = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (60 << 10) + b"\r\n\r\n"
    assert raw(served.port, ok + b"").startswith(b"HTTP/1.1 200")
    body = b'{"child_name": "' + b"x" * (500 << 10) + b'"}'
    post = (
        b"POST /api/stories/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nX-API-Key: " + KEY.encode() + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    answer = raw(served.port, post)
    assert answer.startswith(b"HTTP/1.1 422"), answer[:300]  # parsed: child_name too long


def test_a_keyless_large_body_is_refused_before_it_is_read(served):
    head = (
        b"POST /api/stories/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 60000000\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw(served.port, head + b"{" * (1 << 20))
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert time.monotonic() - started < 3


def _open_stream(url: str, key: str, sid: str):
    client = httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=10)
    response = client.send(client.build_request("GET", f"/api/stories/{sid}/events"), stream=True)
    return client, response


def test_event_streams_are_capped_share_one_poll_and_end_with_retry(served):
    app = served.app
    sid = add_story(app)
    hub = app.state.streams
    streams = [_open_stream(served.url, KEY, sid) for _ in range(2)]
    try:
        for _, r in streams:
            assert r.status_code == 200 and r.headers["content-type"].startswith(
                "text/event-stream"
            )
        # A third from the same key: 429 in the envelope; another key still gets one.
        c3, r3 = _open_stream(served.url, KEY, sid)
        assert (
            r3.status_code == 429
            and r3.read()
            and r3.json()["error"]["code"] == ("TOO_MANY_STREAMS")
        )
        c3.close()
        streams.append(_open_stream(served.url, OTHER, sid))
        assert streams[-1][1].status_code == 200
        # The process-wide cap (3 here) is full: 503 for anyone.
        c4, r4 = _open_stream(served.url, OTHER, sid)
        assert r4.status_code == 503 and r4.headers["retry-after"]
        c4.close()
        # Three streams of one story, one poller: its reads are one stream's, not three.
        before, t0 = hub.polls, time.monotonic()
        time.sleep(1.0)
        polls = hub.polls - before
        assert polls <= (time.monotonic() - t0) / app.state.settings.sse_poll_s + 2, polls
        assert len(hub.watches) == 1
        # Each stream ends after its lifetime (1.5 s) with retry advice.
        text = streams[0][1].read().decode()
        assert "event: status" in text and "retry: " in text, text
        assert text.rstrip().splitlines()[-1].startswith("retry: "), text
    finally:
        for client, r in streams:
            r.close()
            client.close()
    deadline = time.monotonic() + 5
    while (hub.open_total or hub.watches) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hub.open_total == 0 and not hub.watches  # slots and pollers released


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A redis-server of this test's own (the limiter's shared store in production)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_limit_is_shared_by_api_processes_through_redis(tmp_path, redis_url):
    key = uuid.uuid4().hex
    apps = [
        create_app(
            settings(
                tmp_path / name,
                api_keys=key,
                rate_limit_storage=redis_url,
                rate_limit_stories="4/minute",
            )
        )
        for name in ("a", "b")
    ]
    with (
        TestClient(apps[0], raise_server_exceptions=False) as a,
        TestClient(apps[1], raise_server_exceptions=False) as b,
    ):
        h = {"X-API-Key": key}
        batch = {"stories": [request_body() for _ in range(3)]}
        assert a.post("/api/stories/batch", json=batch, headers=h).status_code == 503
        assert b.post("/api/stories/", json=request_body(), headers=h).status_code == 503
        # 4 of 4 spent across the two processes: the next book is refused by either.
        r = b.post("/api/stories/", json=request_body(), headers=h)
        assert r.status_code == 429 and r.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
        assert a.post("/api/stories/", json=request_body(), headers=h).status_code == 429


def test_memory_limits_are_per_process(tmp_path):
    key = uuid.uuid4().hex
    apps = [
        create_app(settings(tmp_path / n, api_keys=key, rate_limit_stories="1/minute"))
        for n in ("a", "b")
    ]
    with (
        TestClient(apps[0], raise_server_exceptions=False) as a,
        TestClient(apps[1], raise_server_exceptions=False) as b,
    ):
        h = {"X-API-Key": key}
        assert a.post("/api/stories/", json=request_body(), headers=h).status_code == 503
        assert b.post("/api/stories/", json=request_body(), headers=h).status_code == 503
        assert a.post("/api/stories/", json=request_body(), headers=h).status_code == 429

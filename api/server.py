"""uvicorn's httptools protocol with bounds on the request line and headers: size (431), time (408).

httptools (llhttp) has no header limit and buffers a header until its end: a 128 MB header
was held whole, and every other request waited behind its parse. h11 has a bound
(`--h11-max-incomplete-event-size`) but answers it with a 400 and costs more per request. This
class counts what arrives until the headers are complete and, past `max_header_bytes`
(MORETALE_MAX_HEADER_BYTES, default 64 KB), answers 431 in the error envelope and closes.

Nothing in uvicorn bounds how long headers take: `--timeout-keep-alive` is armed only after a
response (a new connection has no timer at all) and the first byte of a request cancels it, so a
client sending a header byte now and then held its connection forever (slowloris). From a
connection's opening, and from each later request's first byte, the headers must end within
`header_timeout_s` (MORETALE_HEADER_TIMEOUT_S, default 10 s), or the answer is 408 in the
envelope and the connection closes.

Run with `uvicorn --http api.server:BoundedHttpToolsProtocol ...` (uvicorn imports a protocol
class by name); devstack and docs/deploy.md do.
"""

from __future__ import annotations

import asyncio
import json
import os
from functools import cache

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.settings import ApiSettings

_FIELDS = ApiSettings.model_fields


def max_header_bytes() -> int:
    # The settings read from the environment as ApiSettings would (not ApiSettings(): that
    # validates everything else too, at import, before uvicorn has loaded the app).
    raw = os.environ.get("MORETALE_MAX_HEADER_BYTES", "")
    return int(raw) if raw.isdigit() and int(raw) >= 1024 else _FIELDS["max_header_bytes"].default


def header_timeout_s() -> float:
    try:
        value = float(os.environ.get("MORETALE_HEADER_TIMEOUT_S", ""))
    except ValueError:
        value = 0.0
    return value if value > 0 else _FIELDS["header_timeout_s"].default


def _answer(status: bytes, code: str, message: str, detail: dict[str, float]) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message, "detail": detail}}).encode()
    return (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n"
        b"connection: close\r\n\r\n" + body
    )


LIMIT = max_header_bytes()
TIMEOUT = header_timeout_s()
RESPONSE_431 = _answer(
    b"431 Request Header Fields Too Large",
    "HEADERS_TOO_LARGE",
    f"request line and headers are over {LIMIT} bytes",
    {"max_bytes": LIMIT},
)


@cache
def response_408(timeout: float) -> bytes:
    return _answer(
        b"408 Request Timeout",
        "REQUEST_TIMEOUT",
        f"request line and headers did not arrive within {timeout:g} s",
        {"timeout_s": timeout},
    )


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    limit = LIMIT
    timeout = TIMEOUT

    def connection_made(self, transport) -> None:  # type: ignore[no-untyped-def]
        super().connection_made(transport)
        self._in_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _start_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            self.logger.warning("Request headers not complete after %g s: 408", self.timeout)
            self.transport.write(response_408(self.timeout))
            self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._start_head_timer()  # a later request's first byte (the first's runs since open)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0  # what arrives next is the next request

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_head_timer()
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self._in_head and self._head_bytes + len(data) > self.limit:
            # Hand the parser only what still fits: if the headers end inside it, the rest
            # (body, next request) follows as usual; if not, the bound is crossed.
            room = max(0, self.limit - self._head_bytes)
            self._head_bytes += len(data)
            super().data_received(data[:room])
            if self.transport.is_closing():
                return
            if self._in_head:
                self.logger.warning("Request headers over %d bytes: 431", self.limit)
                self.transport.write(RESPONSE_431)
                self.transport.close()
                return
            super().data_received(data[room:])
            return
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)

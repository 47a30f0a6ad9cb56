"""uvicorn's httptools protocol with a bound on the request line and headers (431).

httptools (llhttp) has no header limit and buffers a header until its end: a 128 MB header
was held whole, and every other request waited behind its parse. h11 has a bound
(`--h11-max-incomplete-event-size`) but answers it with a 400 and costs more per request. This
class counts what arrives until the headers are complete and, past `max_header_bytes`
(MORETALE_MAX_HEADER_BYTES, default 64 KB), answers 431 in the error envelope and closes.

Run with `uvicorn --http api.server:BoundedHttpToolsProtocol ...` (uvicorn imports a protocol
class by name); devstack and docs/deploy.md do.
"""

from __future__ import annotations

import json
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.settings import ApiSettings

_DEFAULT: int = ApiSettings.model_fields["max_header_bytes"].default


def max_header_bytes() -> int:
    # The one setting read from the environment as ApiSettings would (not ApiSettings(): that
    # validates everything else too, at import, before uvicorn has loaded the app).
    raw = os.environ.get("MORETALE_MAX_HEADER_BYTES", "")
    return int(raw) if raw.isdigit() and int(raw) >= 1024 else _DEFAULT


LIMIT = max_header_bytes()
_BODY = json.dumps(
    {
        "error": {
            "code": "HEADERS_TOO_LARGE",
            "message": f"request line and headers are over {LIMIT} bytes",
            "detail": {"max_bytes": LIMIT},
        }
    }
).encode()
RESPONSE_431 = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: application/json\r\n"
    b"content-length: " + str(len(_BODY)).encode() + b"\r\n"
    b"connection: close\r\n\r\n" + _BODY
)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    limit = LIMIT

    def connection_made(self, transport) -> None:  # type: ignore[no-untyped-def]
        super().connection_made(transport)
        self._in_head = True
        self._head_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0  # what arrives next is the next request

    def on_headers_complete(self) -> None:
        self._in_head = False
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

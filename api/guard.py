"""What every request passes before the app reads a byte of its body: the API key, then a
bound on the body's size.

FastAPI parses a typed body before it solves any dependency, so a key checked by a dependency
comes too late: a 60 MB POST without a key was read (and held) whole before its 401. This plain
ASGI middleware answers 401/403 from the headers alone, refuses a declared Content-Length over
the bound at once, and counts a streamed (chunked) body with Starlette's own limiter, whose
413 FastAPI re-raises and `api.errors` puts in the envelope.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import KEY_SCOPE, check_key
from api.errors import ApiError, envelope
from api.settings import ApiSettings

# Every route under these needs a key; health, docs and the viewer pages do not.
KEYED = ("/api/", "/static/outputs/")
BATCH_PATH = "/api/stories/batch"
SET_STORIES = re.compile(r"^/api/sets/[^/]+/stories$")  # a story set: a batch by another name
IMPORT_PATH = "/api/imports/"  # zipped book folders with their audio and pictures
_NO_BODY = frozenset(("GET", "HEAD", "OPTIONS"))


class Guard:
    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app, self.settings = app, settings

    def limit(self, path: str) -> int:
        if path == BATCH_PATH or SET_STORIES.match(path):
            return self.settings.max_batch_body_bytes
        if path == IMPORT_PATH:
            return self.settings.max_import_body_bytes
        return self.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        if path.startswith(KEYED):
            try:
                scope[KEY_SCOPE] = check_key(self.settings, headers.get("x-api-key"))
            except ApiError as exc:
                await _refuse(exc, scope, receive, send)
                return
        limit = self.limit(path)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(_too_large(limit), scope, receive, send)
            return
        if scope["method"] in _NO_BODY:
            # No route of these reads a body, so none is counted (the hot reads skip the
            # wrapper); one sent anyway is never read and uvicorn stops at its buffer.
            await self.app(scope, receive, send)
            return
        await RequestBodyLimitResponder(self.app, limit)(scope, receive, send)


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes", {"max_bytes": limit}
    )


async def _refuse(exc: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    # Connection: close, so the server need not read a body nobody will use.
    headers = {**(exc.headers or {}), "Connection": "close"}
    response = envelope(exc.status, exc.code, exc.message, exc.detail, headers)
    await response(scope, receive, send)

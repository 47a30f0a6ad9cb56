"""What every request passes before the app reads a byte of its body: the API key, a turn for
requests without a valid one (api.admission), then bounds on the body's size and pace.

FastAPI parses a typed body before it solves any dependency, so a key checked by a dependency
comes too late: a 60 MB POST without a key was read (and held) whole before its 401. This plain
ASGI middleware answers 401/403 from the headers alone, refuses a declared Content-Length over
the bound at once, and counts a streamed (chunked) body with Starlette's own limiter, whose
413 FastAPI re-raises and `api.errors` puts in the envelope; a body that stops arriving is
408 the same way (api.body_deadline).
"""

from __future__ import annotations

import re
from functools import partial

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.types import ASGIApp, Receive, Scope, Send

from api import body_deadline
from api.admission import PublicTurns
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
        self.public = PublicTurns(settings.public_concurrency)

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
        given = headers.get("x-api-key")
        refusal: ApiError | None = None
        if given or path.startswith(KEYED):
            try:
                scope[KEY_SCOPE] = check_key(self.settings, given)
            except ApiError as exc:
                # Routes that need no key serve a wrong one as none: only the turn is lost.
                refusal = exc if path.startswith(KEYED) else None
        if KEY_SCOPE in scope:
            await self.admit(scope, receive, send, headers)
        elif refusal is not None:
            await self.public.run(partial(_refuse, refusal), scope, receive, send)
        else:
            await self.public.run(partial(self.admit, headers=headers), scope, receive, send)

    async def admit(self, scope: Scope, receive: Receive, send: Send, headers: Headers) -> None:
        limit = self.limit(scope["path"])
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(_too_large(limit), scope, receive, send)
            return
        if scope["method"] in _NO_BODY:
            # No route of these reads a body, so none is counted (the hot reads skip the
            # wrapper); one sent anyway is never read and uvicorn stops at its buffer.
            await self.app(scope, receive, send)
            return
        s = self.settings
        receive = body_deadline.timed(receive, s.body_timeout_s, s.body_min_rate)
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

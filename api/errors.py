"""The error envelope: every error is {"error": {"code", "message", "detail"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger("moretale.api")


class ErrorInfo(BaseModel):
    code: str
    message: str
    detail: Any | None = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        detail: Any | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def envelope(
    status: int, code: str, message: str, detail: Any = None, headers=None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "detail": detail}}
    return JSONResponse(body, status_code=status, headers=headers)


_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    416: "RANGE_NOT_SATISFIABLE",
    429: "RATE_LIMIT_EXCEEDED",
    431: "HEADERS_TOO_LARGE",
}

DESCRIPTIONS = {
    400: "Bad request (malformed body, cursor, path or Range header)",
    401: "Missing X-API-Key",
    403: "Invalid X-API-Key",
    404: "Story not found",
    408: "Request line, headers or body did not arrive in time (MORETALE_HEADER_TIMEOUT_S, "
    "MORETALE_BODY_TIMEOUT_S, MORETALE_BODY_MIN_RATE)",
    409: "Conflict with the story's state",
    413: "Request body over the configured bound",
    416: "Range not satisfiable",
    422: "Validation error",
    429: "Rate limit exceeded (see Retry-After)",
    431: "Request line and headers over the server's bound",
    500: "Internal error",
    503: "Dagster or the rate limiter unavailable (see Retry-After where given)",
}
# Every operation can meet these whatever it does: the server bounds headers in size and time
# (api.server), anything can fail, and on keyed routes the key is checked before anything else.
COMMON = (408, 431, 500)
KEYED = (401, 403)


def responses(*codes: int, keyed: bool = True) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors a route can return, all with the envelope schema."""
    # The explicit content keeps errors JSON on routes whose success type is a stream or file.
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    return {
        c: {"model": ErrorBody, "description": DESCRIPTIONS[c], "content": content}
        for c in sorted({*COMMON, *(KEYED if keyed else ()), *codes})
    }


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's:
    GET and DELETE on /api/stories/{id} are two routes). Asked of each route as the router
    asks it, over FastAPI's flattened routes (included routers are nested)."""
    concrete: set[str] = set()
    templated: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        match, child = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            # As OpenAPI matches: a concrete path (`/batch`) before a template that also fits
            # it (`/{story_id}`).
            (templated if child.get("path_params") else concrete).update(route.methods or ())
    allowed = concrete or templated
    return [m for m in _METHODS if m in allowed]


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return envelope(exc.status, exc.code, exc.message, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return envelope(422, "VALIDATION_ERROR", "request validation failed", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
        message = exc.detail if isinstance(exc.detail, str) else code.lower()
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return envelope(exc.status_code, code, message, None, headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return envelope(500, "INTERNAL_ERROR", "internal error")

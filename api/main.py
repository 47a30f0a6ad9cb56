"""The FastAPI app factory: `uvicorn --factory api.main:create_app`."""

from __future__ import annotations

import gc
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, logs, story_reads
from api.catalog.db import Catalog
from api.dagster_client import DagsterClient
from api.deps import RateLimiter, Reader
from api.events import StreamHub
from api.guard import Guard
from api.models import BatchRequest
from api.routes import (
    docs,
    files,
    health,
    imports,
    quota,
    sets,
    stories,
    story_actions,
    system,
    viewer,
    webhooks,
)
from api.settings import ApiSettings
from api.urls import Urls, open_storage
from api.webhooks import events, store
from api.webhooks.ingest import NotifyingIngestor
from api.webhooks.sender import Sender
from api.webhooks.settings import WebhookSettings

log = logging.getLogger("moretale.api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_STORY_PATH = re.compile(r"^/(?:api/stories|static/outputs)/([a-z0-9][a-z0-9_-]{2,99})(?:/|$)")


class RequestContext:
    """Request and story ids for every log line, X-Request-ID on every response, and one access
    log line per request. Plain ASGI: Starlette's BaseHTTPMiddleware (`@app.middleware`) pipes
    every response body through an extra task and stream, a large share of a 50 KB result."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"")
        text = incoming.decode("latin-1")
        rid = text if _REQUEST_ID.match(text) else uuid.uuid4().hex
        logs.request_id.set(rid)
        match = _STORY_PATH.match(scope["path"])
        logs.story_id.set(match.group(1) if match else "")
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings()
    logs.configure()
    storage = open_storage(settings)
    urls = Urls(settings, storage)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        catalog = Catalog(settings.catalog_path, cache_bytes=settings.read_cache_mb << 20)
        dagster = DagsterClient(settings.dagster_host, settings.dagster_port)
        ingestor = NotifyingIngestor(
            catalog, dagster, storage, urls.for_catalog, settings.ingest_interval_s
        )
        store.ensure_schema(catalog)
        app.state.webhook_settings = hooks = WebhookSettings()
        app.state.webhook_sender = ingestor.sender = Sender(catalog, hooks)
        app.state.settings, app.state.catalog, app.state.dagster = settings, catalog, dagster
        app.state.storage, app.state.ingestor, app.state.urls = storage, ingestor, urls
        app.state.rate_limiter = RateLimiter(settings)
        app.state.reader = Reader(catalog, urls)
        app.state.readiness = health.Readiness(app.state, settings.ready_refresh_s)
        app.state.streams = StreamHub(
            partial(story_reads.detail_json, catalog),
            per_key=settings.sse_max_per_key,
            total=settings.sse_max_total,
            poll_s=settings.sse_poll_s,
        )
        # What is loaded by now (Dagster's GraphQL client alone is ~170k objects) lives as long
        # as the process; without freezing, every full collection walked it: ~80 ms with all
        # requests waiting, the p99 of the latency bench.
        gc.collect()
        gc.freeze()
        events.notify(catalog, None)  # what a crash between a refresh and its webhooks missed
        ingestor.start()
        ingestor.sender.start()
        log.info("api.start", extra={"catalog": str(catalog.path)})
        try:
            yield
        finally:
            ingestor.stop()
            ingestor.sender.stop()
            catalog.close()

    app = FastAPI(
        title="MoreTale API",
        version="0.1.0",
        description="Bilingual picture books generated by Dagster. Every error is "
        '`{"error": {"code", "message", "detail"}}`. Authenticate with `X-API-Key`.',
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        docs_url=None,  # api.routes.docs serves both pages with their own assets
        redoc_url=None,
    )
    errors.install(app)

    # Outermost last: the request id is on every answer, the guard's refusals included.
    app.add_middleware(Guard, settings=settings)
    app.add_middleware(RequestContext)
    app.include_router(docs.router_for(app))
    app.include_router(health.router)
    app.include_router(stories.router)
    app.include_router(story_actions.router)
    app.include_router(imports.router)
    app.include_router(sets.router)
    app.include_router(system.router)
    app.include_router(webhooks.router)
    app.include_router(files.router)
    app.include_router(quota.router)
    app.include_router(viewer.router)
    app.openapi = partial(_openapi, app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the models only named by `openapi_extra` (the batch body)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    _, extra = models_json_schema(
        [(BatchRequest, "validation")], ref_template="#/components/schemas/{model}"
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in extra.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    app.openapi_schema = spec
    return spec

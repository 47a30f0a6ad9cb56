"""Liveness and readiness (no API key: load balancers call these)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Request, Response

from api.errors import responses
from api.models import Health
from api.routes import quota

router = APIRouter(tags=["health"])


class Readiness:
    """Dagster's and the catalog's answers, at most `max_age_s` old.

    /readyz needs no key, so it must not cost a Dagster call per request: 64 clients asking it
    in a loop starved the ingest of the webserver and every answer became 503. The first caller
    after `max_age_s` starts one refresh; everyone meanwhile gets the last answer (only the
    very first caller waits for one)."""

    def __init__(self, state: Any, max_age_s: float) -> None:
        self.state, self.max_age_s = state, max_age_s
        self.checks: dict[str, bool] | None = None
        self.checked_at = 0.0
        self.refresh: asyncio.Task[None] | None = None
        self.refreshes = 0
        self.answer: tuple[float, Response] | None = None
        self.rendering = False

    def _probe(self) -> dict[str, bool]:
        return {"dagster": self.state.dagster.ping(), "catalog": self.state.catalog.ping()}

    async def _refresh(self) -> None:
        try:
            self.checks = await asyncio.to_thread(self._probe)
            self.refreshes += 1
        finally:
            self.checked_at, self.refresh = time.monotonic(), None

    async def response(self) -> Response:
        """The whole answer, rendered at most once per `max_age_s`: a flood of /readyz then
        costs what /healthz costs (an answer is bytes already made). While one caller renders
        a stale answer the others get the last one: each render is a thread hop, and under a
        flood every hop waits for the GIL behind the busy event loop."""
        now = time.monotonic()
        if self.answer is not None and (now - self.answer[0] < self.max_age_s or self.rendering):
            return self.answer[1]
        self.rendering = True
        try:
            return await self._render(now)
        finally:
            self.rendering = False

    async def _render(self, now: float) -> Response:
        checks = await self.get()
        ok = all(checks.values())
        body = Health(
            status="ok" if ok else "unavailable",
            checks=checks,
            read_cache=self.state.catalog.cache.stats(),
            **await asyncio.to_thread(quota.readiness, self.state),  # models, day blocks
        )
        rendered = Response(
            body.model_dump_json().encode(),
            status_code=200 if ok else 503,
            media_type="application/json",
            headers={"Cache-Control": "no-store"},
        )
        if self.checks is not None:  # never keep the answer given before the first check
            self.answer = (now, rendered)
        return rendered

    async def get(self) -> dict[str, bool]:
        stale = time.monotonic() - self.checked_at >= self.max_age_s
        if stale and self.refresh is None:
            self.refresh = asyncio.create_task(self._refresh())
        if self.checks is None and self.refresh is not None:
            await asyncio.shield(self.refresh)
        ingestor = self.state.ingestor
        fresh = time.time() - ingestor.last_tick < max(10.0, 20 * ingestor.interval_s)
        return {**(self.checks or {"dagster": False, "catalog": False}), "ingest": fresh}


@router.get(
    "/healthz",
    response_model=Health,
    response_model_exclude_none=True,
    responses=responses(keyed=False),
    summary="The process is up",
)
async def healthz() -> Health:  # async: a trivial answer should not queue for a worker thread
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    responses={
        **responses(keyed=False),
        503: {"model": Health, "description": "Dagster or the catalog is not ready"},
    },
    summary="Dagster reachable, catalog open and being kept up to date (checked at most "
    "once a second)",
)
async def readyz(request: Request) -> Response:
    return await request.app.state.readiness.response()

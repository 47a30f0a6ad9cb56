"""Liveness and readiness (no API key: load balancers call these)."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.models import Health

router = APIRouter(tags=["health"])


@router.get(
    "/healthz", response_model=Health, response_model_exclude_none=True, summary="The process is up"
)
async def healthz() -> Health:  # async: a trivial answer should not queue for a worker thread
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    responses={503: {"model": Health, "description": "Dagster or the catalog is not ready"}},
    summary="Dagster reachable, catalog open and being kept up to date",
)
def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    checks = {
        "dagster": state.dagster.ping(),
        "catalog": state.catalog.ping(),
        "ingest": time.time() - state.ingestor.last_tick
        < max(10.0, 20 * state.ingestor.interval_s),
    }
    ok = all(checks.values())
    body = Health(
        status="ok" if ok else "unavailable", checks=checks, read_cache=state.catalog.cache.stats()
    )
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

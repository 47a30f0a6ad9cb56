"""/api/system: what this stack generates with and how much room it has (for `moretale doctor`).

Providers and quotas are the API's ProviderSettings, the same MORETALE_ settings the pipeline
reads (devstack and the deployment give both processes one environment); no secret is returned."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.deps import ApiKey, SettingsDep
from api.errors import responses
from api.routes import quota
from moretale_assets.lib.providers import registry
from moretale_assets.lib.providers.settings import ProviderSettings

log = logging.getLogger("moretale.api")
router = APIRouter(prefix="/api/system", tags=["system"])


class ProviderInfo(BaseModel):
    provider: str
    model: str | None


class SystemInfo(BaseModel):
    providers: dict[str, ProviderInfo]
    rpm_quotas: dict[str, int]
    blocked_models: dict[str, float]  # model -> blocked until (epoch s), a daily quota hit
    storage_backend: str
    disk_free_bytes: int | None
    disk_total_bytes: int | None
    max_batch: int
    rate_limit_posts: str


def _blocked(state: Any, pipe: ProviderSettings) -> dict[str, float]:
    """Models blocked for the day -> when their quota resets, from the quota store the run
    workers share (lib/quota.py owns its tables); {} when there is none yet or it is down."""
    if not pipe.pacing_url and not (pipe.pacing_path and Path(pipe.pacing_path).exists()):
        return {}  # no run has paced a request yet: nothing can be blocked
    try:
        return {b.model: b.reset_at for b in quota.pacer(state).blocks()}
    except Exception as exc:  # /readyz says why; this answer stays about what is known
        log.warning("system: quota state unavailable", extra={"error": repr(exc)[:300]})
        return {}


@router.get(
    "/",
    response_model=SystemInfo,
    responses=responses(401, 403, 422, 500),
    summary="Providers, quotas, disk",
)
def system_info(request: Request, _key: ApiKey, settings: SettingsDep) -> SystemInfo:
    has_key = settings.has_gemini_key
    models = {
        "story": settings.story_model,
        "speech": settings.tts_model,
        "illustration": settings.image_model,
    }
    chosen = {
        "story": settings.story_provider,
        "speech": settings.speech_provider,
        "illustration": settings.illustration_provider,
    }
    providers = {}
    for part, name in chosen.items():
        resolved = registry.resolve(name, has_key)
        providers[part] = ProviderInfo(
            provider=resolved, model=models[part] if resolved == "gemini" else None
        )
    free = total = None
    if settings.storage_backend == "local":
        root = Path(settings.storage_root)
        usage = shutil.disk_usage(root if root.exists() else root.parent)
        free, total = usage.free, usage.total
    try:
        rpm = settings.rpm_quotas()
    except (ValueError, AttributeError):
        rpm = {}
    return SystemInfo(
        providers=providers,
        rpm_quotas=rpm,
        blocked_models=_blocked(request.app.state, settings),
        storage_backend=settings.storage_backend,
        disk_free_bytes=free,
        disk_total_bytes=total,
        max_batch=settings.max_batch,
        rate_limit_posts=settings.rate_limit_posts,
    )

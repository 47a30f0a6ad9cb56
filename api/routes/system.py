"""/api/system: what this stack generates with and how much room it has (for `moretale doctor`).

Providers and quotas are read from the same MORETALE_ settings the pipeline reads (devstack and
the deployment give both processes one environment); no secret is returned."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ApiKey, SettingsDep
from api.errors import responses
from moretale_assets.lib.providers import registry
from moretale_assets.settings import PipelineSettings

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


def _blocked(path: str) -> dict[str, float]:
    if not path or not Path(path).exists():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        rows = con.execute("SELECT model, until FROM blocked WHERE until > ?", [time.time()])
        return dict(rows.fetchall())
    except sqlite3.Error:
        return {}


@router.get(
    "/",
    response_model=SystemInfo,
    responses=responses(401, 403, 422, 500),
    summary="Providers, quotas, disk",
)
def system_info(_key: ApiKey, settings: SettingsDep) -> SystemInfo:
    pipe = PipelineSettings()
    has_key = settings.has_gemini_key
    models = {"story": pipe.story_model, "speech": pipe.tts_model, "illustration": pipe.image_model}
    chosen = {
        "story": pipe.story_provider,
        "speech": pipe.speech_provider,
        "illustration": pipe.illustration_provider,
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
        rpm = {k: int(v) for k, v in json.loads(pipe.gemini_rpm or "{}").items()}
    except (ValueError, AttributeError):
        rpm = {}
    return SystemInfo(
        providers=providers,
        rpm_quotas=rpm,
        blocked_models=_blocked(pipe.pacing_path),
        storage_backend=settings.storage_backend,
        disk_free_bytes=free,
        disk_total_bytes=total,
        max_batch=settings.max_batch,
        rate_limit_posts=settings.rate_limit_posts,
    )

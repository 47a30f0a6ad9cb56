"""Pipeline process settings (env vars prefixed MORETALE_), read where Definitions are built."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS
from moretale_assets.lib.storage.settings import StorageSettings


class PipelineSettings(StorageSettings):
    """Storage settings (shared with the API) plus providers and page work."""

    model_config = SettingsConfigDict(env_prefix="MORETALE_", extra="ignore")
    # auto: Gemini when MORETALE_GEMINI_API_KEY is set, the offline providers otherwise.
    story_provider: Literal["auto", "offline", "gemini"] = "auto"
    speech_provider: Literal["auto", "offline", "gemini"] = "auto"
    illustration_provider: Literal["auto", "offline", "gemini"] = "auto"
    gemini_base_url: str = Field("", description="A Gemini-compatible endpoint (the emulator).")
    gemini_api_version: str = ""
    story_model: str = DEFAULT_MODELS["story"]
    tts_model: str = DEFAULT_MODELS["tts"]
    image_model: str = DEFAULT_MODELS["image"]
    gemini_rpm: str = Field("", description='Per-model RPM quotas as JSON: {"model": 10}.')
    pacing_path: str = Field("", description="SQLite file shared by every run on the host.")
    pacing_url: str = Field(
        "", description="postgresql://… : quota state shared by every host (lib/quota.py)."
    )
    quota_probe_s: float = Field(
        300.0, gt=0, description="Backoff before the first probe after a per-day 429."
    )
    tts_batch_pages: int = Field(8, ge=1, le=32, description="Pages per TTS request.")
    book_executor: Literal["auto", "in_process", "multiprocess"] = Field(
        "auto",
        description="How book_job runs its steps: auto = side by side (multiprocess) when "
        "narration or pictures come from a remote provider, in-process otherwise.",
    )
    page_workers: int = Field(4, ge=1, le=32, description="Pages worked on at once in one step.")
    page_attempts: int = Field(3, ge=1, le=10, description="Tries per page inside one step.")
    fault_plan: str = Field(
        "", description="Injected failures for drills; see providers/faults.py."
    )

"""Pipeline process settings (env vars prefixed MORETALE_), read where Definitions are built."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from moretale_assets.lib.providers.settings import ProviderSettings
from moretale_assets.lib.storage.settings import StorageSettings


class PipelineSettings(StorageSettings, ProviderSettings):
    """Storage and provider settings (shared with the API) plus how page work runs."""

    tts_batch_pages: int = Field(8, ge=1, le=32, description="Pages per TTS request.")
    book_executor: Literal["auto", "in_process", "multiprocess"] = Field(
        "auto",
        description="How book_job runs its steps: auto = side by side (multiprocess) when "
        "narration or pictures come from a remote provider, in-process otherwise.",
    )
    page_workers: int = Field(4, ge=1, le=32, description="Pages worked on at once in one step.")
    page_attempts: int = Field(3, ge=1, le=10, description="Tries per page inside one step.")
    quality_transcribe: bool = Field(
        False,
        description="Quality checks: transcribe Gemini narration back with the text model "
        "(CER per language); costs a text-model request per clip.",
    )

    @field_validator("quality_transcribe", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return value if value != "" else False

"""Which providers make a book and how Gemini is reached and paced: the settings base shared by
the pipeline (its resources build the providers) and the API (it reports them, checks requests
against them and lifts quota blocks), so both processes read one definition of each."""

from __future__ import annotations

from pydantic import Field, SecretStr

from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS, parse_rpm
from moretale_assets.lib.providers.registry import ProviderName
from moretale_assets.lib.quota import PROBE_INITIAL_S
from moretale_assets.lib.settings_base import MoretaleSettings


class ProviderSettings(MoretaleSettings):
    # auto: Gemini when MORETALE_GEMINI_API_KEY is set, the offline providers otherwise.
    story_provider: ProviderName = "auto"
    speech_provider: ProviderName = "auto"
    illustration_provider: ProviderName = "auto"
    gemini_api_key: SecretStr = SecretStr("")
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
        PROBE_INITIAL_S, gt=0, description="Backoff before the first probe after a per-day 429."
    )
    fault_plan: str = Field(
        "", description="Injected failures for drills; see providers/faults.py."
    )

    @property
    def has_gemini_key(self) -> bool:
        return bool(self.gemini_api_key.get_secret_value())

    def models(self) -> dict[str, str]:
        """The configured model of each part (keys as in DEFAULT_MODELS)."""
        return {"story": self.story_model, "tts": self.tts_model, "image": self.image_model}

    def rpm_quotas(self) -> dict[str, int]:
        return parse_rpm(self.gemini_rpm)

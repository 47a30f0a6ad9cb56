"""Dagster resources. The keys (storage, story_writer, speech, illustrator, page_work) are the
same in every environment; configuration swaps the implementation behind them.

Every value comes from PipelineSettings through `build_resources`, the one place that says which
setting feeds which field; the resources state no defaults of their own (tests/lib/
test_settings.py holds that), so a default is written once, in its settings class."""

import os
from typing import Any

import dagster as dg
from pydantic import SecretStr

from moretale_assets.lib.providers import registry
from moretale_assets.lib.providers.base import Illustrator, SpeechSynthesizer, StoryWriter
from moretale_assets.lib.providers.gemini.config import GeminiConfig, parse_rpm
from moretale_assets.lib.settings_base import MoretaleSettings
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.storage.settings import StorageSettings, open_storage
from moretale_assets.settings import PipelineSettings


class StorageResource(dg.ConfigurableResource):
    """Local folder or S3 bucket. S3 credentials come from boto3's own chain (AWS_* env vars,
    instance role), never from Dagster config, so they never show in the UI or run config."""

    backend: str
    root: str
    bucket: str
    prefix: str
    endpoint_url: str
    region_name: str

    def open(self) -> Storage:
        if self.backend not in ("local", "s3"):
            raise ValueError(f"unknown storage backend {self.backend!r}; available: local, s3")
        settings = StorageSettings(
            storage_backend=self.backend,  # type: ignore[arg-type]
            storage_root=self.root,
            s3_bucket=self.bucket,
            s3_prefix=self.prefix,
            s3_endpoint_url=self.endpoint_url,
            s3_region=self.region_name,
        )
        return open_storage(settings)


class GeminiResource(dg.ConfigurableResource):
    """Shared Gemini settings. The key comes from an EnvVar, so the UI shows its name only."""

    api_key: str
    base_url: str
    api_version: str
    story_model: str
    tts_model: str
    image_model: str
    rpm: str  # JSON {"model": requests per minute}
    pacing_path: str
    pacing_url: str  # postgresql://… shares quota state across hosts
    quota_probe_s: float
    transcribe_narration: bool  # quality: transcribe Gemini narration with the text model

    def config(self) -> GeminiConfig:
        return GeminiConfig(
            api_key=self.api_key,
            base_url=self.base_url,
            api_version=self.api_version,
            story_model=self.story_model,
            tts_model=self.tts_model,
            image_model=self.image_model,
            rpm=parse_rpm(self.rpm),
            pacing_path=self.pacing_path,
            pacing_url=self.pacing_url,
            probe_initial_s=self.quota_probe_s,
        )


class ProviderResource(dg.ConfigurableResource):
    """Which provider makes one part of a book ("auto": Gemini when a key is set), with the
    drill's injected failures and the shared Gemini settings."""

    provider: str
    fault_plan: str
    gemini: GeminiResource


class StoryWriterResource(ProviderResource):
    def get(self) -> StoryWriter:
        return registry.story_writer(self.provider, self.fault_plan, self.gemini.config())


class SpeechResource(ProviderResource):
    batch_pages: int

    def get(self) -> SpeechSynthesizer:
        return registry.speech(self.provider, self.fault_plan, self.gemini.config())


class IllustratorResource(ProviderResource):
    def get(self) -> Illustrator:
        return registry.illustrator(self.provider, self.fault_plan, self.gemini.config())


class PageWorkResource(dg.ConfigurableResource):
    """How page items run inside one step."""

    workers: int
    attempts: int


def setting(settings: MoretaleSettings, field: str) -> Any:
    """The value a resource takes for one setting: an EnvVar naming its variable when that is
    set (the UI then shows the name, never a secret's value; the run worker reads the same
    environment), otherwise the settings value, so the offline stack runs with no configuration
    at all (a key given in code, as tests do, passes as its value). Dagster's EnvVar carries
    text and integers; a float setting passes as its value."""
    name = type(settings).env_name(field)
    value = getattr(settings, field)
    if name in os.environ:
        if isinstance(value, str | SecretStr):
            return dg.EnvVar(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return dg.EnvVar.int(name)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def build_resources(settings: PipelineSettings | None = None) -> dict[str, Any]:
    s = settings or PipelineSettings()
    fault = setting(s, "fault_plan")
    gemini = GeminiResource(
        api_key=setting(s, "gemini_api_key"),
        base_url=setting(s, "gemini_base_url"),
        api_version=setting(s, "gemini_api_version"),
        story_model=setting(s, "story_model"),
        tts_model=setting(s, "tts_model"),
        image_model=setting(s, "image_model"),
        rpm=setting(s, "gemini_rpm"),
        pacing_path=setting(s, "pacing_path"),
        pacing_url=setting(s, "pacing_url"),
        quota_probe_s=setting(s, "quota_probe_s"),
        transcribe_narration=setting(s, "quality_transcribe"),
    )
    return {
        "storage": StorageResource(
            backend=setting(s, "storage_backend"),
            root=setting(s, "storage_root"),
            bucket=setting(s, "s3_bucket"),
            prefix=setting(s, "s3_prefix"),
            endpoint_url=setting(s, "s3_endpoint_url"),
            region_name=setting(s, "s3_region"),
        ),
        "story_writer": StoryWriterResource(
            provider=setting(s, "story_provider"), fault_plan=fault, gemini=gemini
        ),
        "speech": SpeechResource(
            provider=setting(s, "speech_provider"),
            fault_plan=fault,
            batch_pages=setting(s, "tts_batch_pages"),
            gemini=gemini,
        ),
        "illustrator": IllustratorResource(
            provider=setting(s, "illustration_provider"), fault_plan=fault, gemini=gemini
        ),
        "page_work": PageWorkResource(
            workers=setting(s, "page_workers"), attempts=setting(s, "page_attempts")
        ),
    }

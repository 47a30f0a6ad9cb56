"""Dagster resources. The keys (storage, story_writer, speech, illustrator) are the same in every
environment; configuration swaps the implementation behind them."""

import json
import os
from typing import Any

import dagster as dg

from moretale_assets.lib.providers import registry
from moretale_assets.lib.providers.base import Illustrator, SpeechSynthesizer, StoryWriter
from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS, GeminiConfig
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.storage.settings import StorageSettings, open_storage
from moretale_assets.settings import PipelineSettings


class StorageResource(dg.ConfigurableResource):
    """Local folder or S3 bucket. S3 credentials come from boto3's own chain (AWS_* env vars,
    instance role), never from Dagster config, so they never show in the UI or run config."""

    backend: str = "local"
    root: str = "outputs"
    bucket: str = ""
    prefix: str = ""
    endpoint_url: str = ""
    region_name: str = "us-east-1"

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

    api_key: str = ""
    base_url: str = ""
    api_version: str = ""
    story_model: str = DEFAULT_MODELS["story"]
    tts_model: str = DEFAULT_MODELS["tts"]
    image_model: str = DEFAULT_MODELS["image"]
    rpm: str = ""  # JSON {"model": requests per minute}
    pacing_path: str = ""
    pacing_url: str = ""  # postgresql://… shares quota state across hosts
    quota_probe_s: float = 300.0
    transcribe_narration: bool = False  # quality: transcribe Gemini narration with the text model

    def config(self) -> GeminiConfig:
        return GeminiConfig(
            api_key=self.api_key,
            base_url=self.base_url,
            api_version=self.api_version,
            story_model=self.story_model,
            tts_model=self.tts_model,
            image_model=self.image_model,
            rpm={k: int(v) for k, v in json.loads(self.rpm or "{}").items()},
            pacing_path=self.pacing_path,
            pacing_url=self.pacing_url,
            probe_initial_s=self.quota_probe_s,
        )


class StoryWriterResource(dg.ConfigurableResource):
    provider: str = "auto"
    fault_plan: str = ""
    gemini: GeminiResource

    def get(self) -> StoryWriter:
        return registry.story_writer(self.provider, self.fault_plan, self.gemini.config())


class SpeechResource(dg.ConfigurableResource):
    provider: str = "auto"
    fault_plan: str = ""
    batch_pages: int = 8
    gemini: GeminiResource

    def get(self) -> SpeechSynthesizer:
        return registry.speech(self.provider, self.fault_plan, self.gemini.config())


class IllustratorResource(dg.ConfigurableResource):
    provider: str = "auto"
    fault_plan: str = ""
    gemini: GeminiResource

    def get(self) -> Illustrator:
        return registry.illustrator(self.provider, self.fault_plan, self.gemini.config())


class PageWorkResource(dg.ConfigurableResource):
    """How page items run inside one step."""

    workers: int = 4
    attempts: int = 3


def _env(name: str, default: Any) -> Any:
    """An EnvVar when the variable is set (the UI then shows its name, never a secret's value);
    otherwise the settings default, so the offline stack runs with no configuration at all."""
    return dg.EnvVar(name) if name in os.environ else default


def _env_int(name: str, default: int) -> Any:
    return dg.EnvVar.int(name) if name in os.environ else default


def build_resources(settings: PipelineSettings | None = None) -> dict[str, Any]:
    s = settings or PipelineSettings()
    fault = _env("MORETALE_FAULT_PLAN", s.fault_plan)
    gemini = GeminiResource(
        api_key=_env("MORETALE_GEMINI_API_KEY", ""),
        base_url=_env("MORETALE_GEMINI_BASE_URL", s.gemini_base_url),
        api_version=_env("MORETALE_GEMINI_API_VERSION", s.gemini_api_version),
        story_model=_env("MORETALE_STORY_MODEL", s.story_model),
        tts_model=_env("MORETALE_TTS_MODEL", s.tts_model),
        image_model=_env("MORETALE_IMAGE_MODEL", s.image_model),
        rpm=_env("MORETALE_GEMINI_RPM", s.gemini_rpm),
        pacing_path=_env("MORETALE_PACING_PATH", s.pacing_path),
        pacing_url=_env("MORETALE_PACING_URL", s.pacing_url),
        quota_probe_s=s.quota_probe_s,
        transcribe_narration=os.environ.get("MORETALE_QUALITY_TRANSCRIBE", "") in ("1", "true"),
    )
    return {
        "storage": StorageResource(
            backend=_env("MORETALE_STORAGE_BACKEND", s.storage_backend),
            root=_env("MORETALE_STORAGE_ROOT", s.storage_root),
            bucket=_env("MORETALE_S3_BUCKET", s.s3_bucket),
            prefix=_env("MORETALE_S3_PREFIX", s.s3_prefix),
            endpoint_url=_env("MORETALE_S3_ENDPOINT_URL", s.s3_endpoint_url),
            region_name=_env("MORETALE_S3_REGION", s.s3_region),
        ),
        "story_writer": StoryWriterResource(
            provider=_env("MORETALE_STORY_PROVIDER", s.story_provider),
            fault_plan=fault,
            gemini=gemini,
        ),
        "speech": SpeechResource(
            provider=_env("MORETALE_SPEECH_PROVIDER", s.speech_provider),
            fault_plan=fault,
            batch_pages=_env_int("MORETALE_TTS_BATCH_PAGES", s.tts_batch_pages),
            gemini=gemini,
        ),
        "illustrator": IllustratorResource(
            provider=_env("MORETALE_ILLUSTRATION_PROVIDER", s.illustration_provider),
            fault_plan=fault,
            gemini=gemini,
        ),
        "page_work": PageWorkResource(
            workers=_env_int("MORETALE_PAGE_WORKERS", s.page_workers),
            attempts=_env_int("MORETALE_PAGE_ATTEMPTS", s.page_attempts),
        ),
    }

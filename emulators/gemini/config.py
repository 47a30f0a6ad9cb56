"""`EmulatorConfig`: latency, quotas and faults of the Gemini emulator, per model.

Load it from JSON (`EmulatorConfig.load(path)`), from the environment variable
`MORETALE_EMULATOR_CONFIG` (inline JSON, or a path, optionally prefixed with `@`), or build it
in code. Per-model settings overlay `default`: only the fields an entry sets replace the
default's, so `{"models": {"gemini-3.8-flash-tts": {"rpm": 10}}}` keeps the default
latency. Keys of `models` are exact model names or `fnmatch` patterns (`"*-tts"`); patterns
apply first (in the order given), then an exact entry.

Example:

    {
      "seed": 7,
      "default": {"latency_ms": 50},
      "models": {
        "gemini-3.8-flash-tts": {"rpm": 10, "rpd": 100,
                                          "faults": {"http_503": 0.05, "split_unverifiable": 0.1}},
        "gemini-3.8-flash": {"faults": {"fenced_json": 0.2, "short_pages": 0.1}}
      }
    }
"""

from __future__ import annotations

import fnmatch
import json
import os
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

ENV_VAR = "MORETALE_EMULATOR_CONFIG"

FaultName = Literal[
    "http_500",  # 500 INTERNAL
    "http_503",  # 503 UNAVAILABLE "The model is overloaded. Please try again later."
    "timeout",  # sleep `timeout_fault_s`, then `timeout_fault_status`
    "quota_minute",  # 429 with a per-minute QuotaFailure, as if the RPM quota were spent
    "quota_day",  # 429 with a per-day QuotaFailure; retryDelay runs to the daily reset
    "fenced_json",  # JSON text wrapped in a ```json fence
    "truncated_json",  # JSON text cut short, finishReason MAX_TOKENS
    "short_pages",  # the last item of the reply's page list (or first array) dropped
    "safety_block",  # no content; finishReason SAFETY (IMAGE_SAFETY for image replies)
    "split_unverifiable",  # TTS: segments run together with no pause between them
    "draws_text",  # image: a line of lettering drawn into the picture (Google warns it may)
    "other_character",  # image: the hero drawn with another look than the prompt's (and cover's)
]
FAULT_NAMES: tuple[str, ...] = get_args(FaultName)


class ModelConfig(BaseModel):
    """How one model (or a pattern of models) behaves."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(0, ge=0, description="fixed delay before every non-429 reply")
    rpm: int | None = Field(None, ge=0, description="requests per minute; None = unlimited")
    rpd: int | None = Field(None, ge=0, description="requests per day; None = unlimited")
    faults: dict[FaultName, float] = Field(
        default_factory=dict, description="probability of each fault per request (0..1)"
    )
    model_version: str | None = Field(None, description="`modelVersion` to report")
    safety_prompts: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="share of prompts (by a seeded hash of the prompt) the safety filter "
        "finds risky; a risky prompt is blocked on each try with probability `safety_repeat`",
    )
    safety_words: list[str] = Field(
        default_factory=list,
        description="a prompt containing any of these words (case-insensitive) is risky",
    )
    safety_repeat: float = Field(
        0.7, ge=0.0, le=1.0, description="chance that a risky prompt is blocked again"
    )

    @field_validator("faults")
    @classmethod
    def _probabilities(cls, faults: dict[str, float]) -> dict[str, float]:
        for name, p in faults.items():
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"fault rate {name}={p} is not a probability in 0..1")
        # One uniform draw picks at most one fault, so the rates must fit in [0, 1].
        if sum(faults.values()) > 1.0 + 1e-9:
            raise ValueError("fault rates of one model must add up to at most 1")
        return faults


class SpeechRealism(BaseModel):
    """How far TTS replies are from an ideal recording (see `emulators.gemini.voice`).

    On by default: tests and benches should meet the awkward audio real TTS returns. Off
    gives the old ideal clips: espeak-ng passages joined by `page_pause_s` of digital silence,
    every direction line dropped."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    noise_floor_dbfs: float = Field(-50.0, ge=-90.0, le=-20.0, description="RMS, whole clip")
    breath_dbfs: float = Field(-40.0, ge=-90.0, le=-20.0, description="RMS of a breath")
    breath_rate: float = Field(0.35, ge=0.0, le=1.0, description="share of phrases after one")
    rate_syl_s: tuple[float, float] = Field(
        (3.5, 6.5), description="syllables per second: each clip's rate is drawn from this"
    )
    rate_jitter: float = Field(0.15, ge=0.0, le=0.5, description="per-sentence rate variation")
    unreliable_pauses: float = Field(
        0.3, ge=0.0, le=1.0, description="share of clips whose page breaks are sentence-length"
    )
    spoken_direction: bool = Field(
        True,
        description="read a direction aloud unless it is one clause ending in ':' to a model "
        "before 3.8 (3.8 TTS reads its text verbatim)",
    )
    truth_limit: int = Field(5000, ge=0, description="clips whose ground truth is kept")

    @field_validator("rate_syl_s")
    @classmethod
    def _rate_range(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not 0.5 <= value[0] <= value[1] <= 15.0:
            raise ValueError("rate_syl_s must be (low, high) with 0.5 <= low <= high <= 15")
        return value


class ReviewRealism(BaseModel):
    """How the text model answers as a reviewer (see `emulators.gemini.review`): from what the
    emulator said and drew, with a listener's and a viewer's slips."""

    model_config = ConfigDict(extra="forbid")

    word_error_rate: float = Field(
        0.03, ge=0.0, le=1.0, description="share of transcribed words misheard or dropped"
    )
    miss_rate: float = Field(
        0.04, ge=0.0, le=1.0, description="chance a thing or lettering in a picture is missed"
    )
    audio_memory_mb: float = Field(256.0, ge=0.0, description="returned speech kept to hear")
    picture_limit: int = Field(20_000, ge=0, description="returned pictures kept to look at")


class EmulatorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int = Field(0, description="seed of the fault RNG, for reproducible runs")
    default: ModelConfig = Field(default_factory=ModelConfig)
    models: dict[str, ModelConfig] = Field(default_factory=dict)
    known_models: list[str] | None = Field(
        None, description="if set, any other model gets 404 NOT_FOUND like the real API"
    )
    require_api_key: bool = Field(True, description="403 PERMISSION_DENIED without a key")
    api_keys: list[str] | None = Field(
        None, description="if set, any other key gets 400 API_KEY_INVALID"
    )
    send_retry_after: bool = Field(
        False, description="add a Retry-After header to 429s (real Gemini sends none)"
    )
    free_tier: bool = Field(False, description="quota ids/metrics get the free-tier names")
    minute_window: Literal["sliding", "fixed"] = Field(
        "sliding", description="RPM over the last 60 s, or per wall-clock minute"
    )
    rpm_window_s: float = Field(
        60.0, gt=0.0, description="length of the RPM window (tests shorten it; Google's is 60)"
    )
    retired_models: list[str] | None = Field(
        None,
        description="models shut down by Google: 404 NOT_FOUND and absent from models.list "
        "(None: MoreTale's list of retired models)",
    )
    day_reset_tz: str = Field(
        "America/Los_Angeles", description="RPD counters reset at midnight in this zone"
    )
    page_pause_s: float = Field(0.8, ge=0.0, le=10.0, description="TTS silence between segments")
    speech: SpeechRealism = Field(default_factory=SpeechRealism)
    review: ReviewRealism = Field(default_factory=ReviewRealism)
    timeout_fault_s: float = Field(30.0, ge=0.0, description="how long the timeout fault hangs")
    timeout_fault_status: Literal[500, 504] = 504
    fault_retry_delay_s: int = Field(
        26, ge=0, description="retryDelay of a forced quota_minute fault with no rpm set"
    )
    stream_audio_chunk_s: float = Field(1.0, gt=0.0, description="audio per streamed chunk")
    stream_text_chunks: int = Field(3, ge=1, description="pieces a streamed text is cut into")
    image_text_part: bool = Field(
        True, description="add a short text part to image replies when TEXT is requested"
    )
    log_limit: int = Field(10_000, ge=0, description="request-log entries kept per model")

    def for_model(self, model: str) -> ModelConfig:
        """`default` overlaid with every matching pattern entry, then the exact entry."""
        merged = self.default.model_dump()
        matches = [
            entry
            for key, entry in self.models.items()
            if key != model and fnmatch.fnmatchcase(model, key)
        ]
        if model in self.models:
            matches.append(self.models[model])
        for entry in matches:
            merged.update({name: getattr(entry, name) for name in entry.model_fields_set})
        return ModelConfig.model_validate(merged)

    @classmethod
    def load(cls, path: str | Path) -> EmulatorConfig:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_spec(cls, spec: str) -> EmulatorConfig:
        """Inline JSON (starts with `{`), or a file path, optionally written `@path`."""
        spec = spec.strip()
        if not spec:
            return cls()
        if spec.startswith("{"):
            return cls.model_validate(json.loads(spec))
        return cls.load(spec.removeprefix("@"))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> EmulatorConfig:
        env = os.environ if environ is None else environ
        return cls.from_spec(env.get(ENV_VAR, ""))

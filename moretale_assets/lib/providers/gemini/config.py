"""Gemini settings as plain data, importable without the SDK.

Every run worker imports the code location; importing google-genai costs ~1.5 s of CPU there,
so only the Gemini providers themselves (built when a key is configured) pull it in.

The default models are stated here and nowhere else (settings, resources, the emulator and
the docs import or cite them). Chosen from Google's deprecation schedule and model pages as
stored on 2026-12-02 (https://ai.google.dev/gemini-api/docs/deprecations,
https://ai.google.dev/gemini-api/docs/speech-generation): the 2.5 text, image and preview TTS
models are shut down or scheduled to be during 2026; these are generally available (stable)
with no shutdown date announced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from moretale_assets.lib.quota import PROBE_INITIAL_S, WINDOW_S

DEFAULT_MODELS = {
    "story": "gemini-3.8-flash",  # GA 2026-09-02
    "tts": "gemini-3.8-flash-tts",  # GA; the flagship TTS, "audiobooks, studio narration"
    "image": "gemini-3.1-flash-image",  # GA 2026-05-28 ("Nano Banana 2")
}

# What a request may ask for (StoryRequest.generation): the defaults and their GA siblings.
STORY_MODELS = (DEFAULT_MODELS["story"], "gemini-3.5-flash", "gemini-3.5-flash-lite")
TTS_MODELS = (DEFAULT_MODELS["tts"], "gemini-3.8-flash-lite-tts")
IMAGE_MODELS = (DEFAULT_MODELS["image"], "gemini-3-pro-image")

# Shut down: a request answers 404 NOT_FOUND (the emulator imitates this for these names).
RETIRED_MODELS = (
    "gemini-2.0-flash",
    "gemini-2.5-flash",
    "gemini-2.5-pro",
    "gemini-2.5-flash-image",
    "gemini-2.5-flash-image-preview",
    "gemini-2.5-flash-preview-tts",
    "gemini-2.5-pro-preview-tts",
)


def parse_rpm(text: str) -> dict[str, int]:
    """Per-model requests-per-minute quotas as configured (JSON `{"model": 10}`, empty = none)."""
    return {model: int(rpm) for model, rpm in json.loads(text or "{}").items()}


@dataclass(frozen=True)
class SpeechMarkup:
    """How a TTS model family takes direction (Google's TTS migration guide):
    3.8 TTS models read `text` verbatim, take the style in `speech_metadata.style` and inline
    tags in angle brackets (`<long pause>`); older models (2.5, 3.1 preview) take the style as
    a documented prefix in the text ("Say in a warm voice: …") and tags in square brackets."""

    family: str
    style_in_metadata: bool
    pause_tag: str
    style_prefix: str  # with {style}; empty when the style goes in metadata

    def direct(self, style: str, text: str) -> str:
        return text if self.style_in_metadata else self.style_prefix.format(style=style) + text


def speech_markup(model: str) -> SpeechMarkup:
    if model.startswith("gemini-3.8") or model.startswith("gemini-4"):
        return SpeechMarkup("gemini-3.8-tts", True, "<long pause>", "")
    return SpeechMarkup("gemini-2.5-tts", False, "[long pause]", "Say in a {style} voice: ")


@dataclass(frozen=True)
class GeminiConfig:
    api_key: str
    base_url: str = ""  # a Gemini-compatible endpoint, e.g. the local emulator
    api_version: str = ""
    story_model: str = DEFAULT_MODELS["story"]
    tts_model: str = DEFAULT_MODELS["tts"]
    image_model: str = DEFAULT_MODELS["image"]
    rpm: dict[str, int] = field(default_factory=dict)
    pacing_path: str = ""
    pacing_url: str = ""  # postgresql://… shares quota state across hosts (see lib/quota.py)
    pacing_window_s: float = WINDOW_S
    probe_initial_s: float = PROBE_INITIAL_S  # first probe after a per-day 429
    timeout_s: float = 120.0
    max_attempts: int = 4
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 60.0
    safety_rewordings: int = 2  # reworded retries after a safety block (0 = none)

    def models(self) -> dict[str, str]:
        return {"story": self.story_model, "tts": self.tts_model, "image": self.image_model}

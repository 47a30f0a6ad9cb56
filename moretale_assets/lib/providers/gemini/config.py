"""Gemini settings as plain data, importable without the SDK.

Every run worker imports the code location; importing google-genai costs ~1.5 s of CPU there,
so only the Gemini providers themselves (built when a key is configured) pull it in."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MODELS = {
    "story": "gemini-2.5-flash",
    "tts": "gemini-2.5-flash-preview-tts",
    "image": "gemini-2.5-flash-image",
}


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
    timeout_s: float = 120.0
    max_attempts: int = 4
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 60.0

"""Build providers by name. The Dagster resources and the API both come through here.

"auto" (the default) means Gemini when an API key is configured and the offline providers
otherwise, so the stack runs with no key and no network out of the box."""

from __future__ import annotations

from typing import Any, Literal, get_args

from moretale_assets.lib.providers.base import Illustrator, SpeechSynthesizer, StoryWriter
from moretale_assets.lib.providers.faults import FaultInjecting
from moretale_assets.lib.providers.gemini.config import GeminiConfig

ProviderName = Literal["auto", "offline", "gemini"]
NAMES: tuple[str, ...] = get_args(ProviderName)


def resolve(name: str, has_key: bool) -> str:
    if name not in NAMES:
        raise ValueError(f"unknown provider {name!r}; available: {', '.join(NAMES)}")
    if name == "auto":
        return "gemini" if has_key else "offline"
    return name


def _caller(gemini: GeminiConfig | None) -> Any:
    from moretale_assets.lib.providers.gemini.client import GeminiCaller

    return GeminiCaller(gemini or GeminiConfig(api_key=""))


def story_writer(
    name: str, fault_plan: str = "", gemini: GeminiConfig | None = None
) -> StoryWriter:
    if resolve(name, bool(gemini and gemini.api_key)) == "gemini":
        from moretale_assets.lib.providers.gemini.story import GeminiStoryWriter

        return _wrap(GeminiStoryWriter(_caller(gemini)), "story_writer", fault_plan)
    from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter

    return _wrap(OfflineStoryWriter(), "story_writer", fault_plan)


def speech(
    name: str, fault_plan: str = "", gemini: GeminiConfig | None = None
) -> SpeechSynthesizer:
    if resolve(name, bool(gemini and gemini.api_key)) == "gemini":
        from moretale_assets.lib.providers.gemini.speech import GeminiSpeech

        return _wrap(GeminiSpeech(_caller(gemini)), "speech", fault_plan)
    from moretale_assets.lib.providers.offline.speech import EspeakSpeech

    return _wrap(EspeakSpeech(), "speech", fault_plan)


def illustrator(name: str, fault_plan: str = "", gemini: GeminiConfig | None = None) -> Illustrator:
    if resolve(name, bool(gemini and gemini.api_key)) == "gemini":
        from moretale_assets.lib.providers.gemini.illustrator import GeminiIllustrator

        return _wrap(GeminiIllustrator(_caller(gemini)), "illustrator", fault_plan)
    from moretale_assets.lib.providers.offline.illustrator import OfflineIllustrator

    return _wrap(OfflineIllustrator(), "illustrator", fault_plan)


def reviewer(gemini: GeminiConfig | None) -> Any:
    """The Gemini text model as a reviewer (transcription, vision checks), or None without a
    key: the checks that need it then say they did not run."""
    if not (gemini and gemini.api_key):
        return None
    from moretale_assets.lib.providers.gemini.review import GeminiReviewer

    return GeminiReviewer(_caller(gemini))


def _wrap(provider: Any, kind: str, fault_plan: str) -> Any:
    return FaultInjecting(provider, kind, fault_plan) if fault_plan.strip() else provider

"""The language allowlist: display names, ISO codes and the speech voice for each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LanguageName = Literal[
    "Korean", "English", "Japanese", "Chinese", "Spanish", "Vietnamese", "French", "German"
]


@dataclass(frozen=True)
class Language:
    name: str
    code: str
    espeak_voice: str


LANGUAGES: tuple[Language, ...] = (
    Language("Korean", "ko", "ko"),
    Language("English", "en", "en-us"),
    Language("Japanese", "ja", "ja"),
    Language("Chinese", "zh", "cmn"),
    Language("Spanish", "es", "es"),
    Language("Vietnamese", "vi", "vi"),
    Language("French", "fr", "fr"),
    Language("German", "de", "de"),
)
_BY_KEY = {k: lang for lang in LANGUAGES for k in (lang.name.lower(), lang.code)}


def normalize_language(value: str) -> str:
    """Map a name or ISO code (any case) to the canonical display name, or raise ValueError."""
    lang = _BY_KEY.get(value.strip().lower())
    if lang is None:
        allowed = ", ".join(f"{lang.name} ({lang.code})" for lang in LANGUAGES)
        raise ValueError(f"unsupported language {value!r}; allowed: {allowed}")
    return lang.name


def language(name: str) -> Language:
    return _BY_KEY[normalize_language(name).lower()]


def language_slug(name: str) -> str:
    """MoreTale's folder slug for a language: lower case, runs of other characters become '-'."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "language"

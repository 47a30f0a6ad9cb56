"""Splitting page text into sentences and words, and telling scripts apart."""

from __future__ import annotations

import re
import unicodedata

from moretale_assets.lib.scripts import (
    CLOSING_QUOTES,
    HAN,
    HAN_EXTENSION_A,
    HANGUL_JAMO,
    HANGUL_SYLLABLES,
    KANA,
    LATIN_BASIC,
    LATIN_EXTENDED,
    SENTENCE_END,
)

_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_END}…])[{CLOSING_QUOTES}]?\s+")
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}{HANGUL_JAMO}]")
_KANA = re.compile(f"[{KANA}]")
_HAN = re.compile(f"[{HAN}{HAN_EXTENSION_A}]")
_LATIN = re.compile(f"[{LATIN_BASIC}{LATIN_EXTENDED}]")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")

# Which letters a language is written in. A name in another script (a romanized Korean name in
# English text) is a few letters; a page in the wrong language is most of them.
SCRIPTS: dict[str, tuple[str, ...]] = {
    "Korean": ("hangul",),
    "Japanese": ("kana", "han"),
    "Chinese": ("han",),
    "English": ("latin",),
    "Spanish": ("latin",),
    "French": ("latin",),
    "German": ("latin",),
    "Vietnamese": ("latin",),
}
_PATTERNS = {"hangul": _HANGUL, "kana": _KANA, "han": _HAN, "latin": _LATIN}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def normalized(sentence: str) -> str:
    """Lower case, punctuation and spacing dropped: how two sentences are compared."""
    text = unicodedata.normalize("NFKC", sentence).lower()
    return " ".join(_WORD.findall(text))


def script_share(text: str, language: str) -> float | None:
    """Share of the letters written in `language`'s script, or None for an unknown language."""
    scripts = SCRIPTS.get(language)
    if scripts is None:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    ok = sum(1 for ch in letters if any(_PATTERNS[s].match(ch) for s in scripts))
    share = ok / len(letters)
    if language == "Japanese" and not _KANA.search(text):
        share = min(share, 0.5)  # all kanji and no kana is Chinese
    if language == "Chinese" and _KANA.search(text):
        share = min(share, 0.5)
    return share


def is_cjk(language: str) -> bool:
    return language in ("Japanese", "Chinese")


def length_units(sentence: str, language: str) -> int:
    """Words, or characters for languages written without spaces."""
    if is_cjk(language):
        return sum(1 for ch in sentence if ch.isalpha())
    return len(words(sentence))

"""Filling `{slot}` templates in English and Korean, and finding vocabulary in finished text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from moretale_assets.lib import korean
from moretale_assets.lib.providers.offline.story_lexicon import LEXICON, Word
from moretale_assets.lib.providers.offline.word_match import Words

_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)(?::([^{}]+))?\}")
_VOCATIVE = ("아", "야")


@dataclass(frozen=True)
class Ko:
    """A Korean slot value; `call` is the form a vocative attaches to (민준이 is called 민준아)."""

    text: str
    call: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.text, self.call) if self.call else (self.text,)


SlotValue = str | Ko
Slots = Mapping[str, SlotValue]


def render(template: str, slots: Slots, *, korean_text: bool) -> str:
    """Fill `template`. `{key}` is the value, `{Key}` capitalizes it, `{key:을}` adds a particle."""

    def fill(match: re.Match[str]) -> str:
        key, form = match.group(1), match.group(2)
        value = _lookup(slots, key)
        if form is None:
            return str(value)
        if not korean_text:
            raise ValueError(f"particle {form!r} in English template: {template!r}")
        base = (
            value.call if isinstance(value, Ko) and value.call and form in _VOCATIVE else str(value)
        )
        return korean.josa(base, form)

    return _SLOT.sub(fill, template)


def _lookup(slots: Slots, key: str) -> SlotValue:
    if key in slots:
        return slots[key]
    lower = key[0].lower() + key[1:]
    if key[0].isupper() and lower in slots:
        value = slots[lower]
        if isinstance(value, Ko):
            return value
        return capitalize(value)
    raise KeyError(f"unknown story slot {{{key}}}")


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_article(noun_phrase: str) -> str:
    return ("an " if noun_phrase[:1].lower() in "aeiou" else "a ") + noun_phrase


# --- vocabulary --------------------------------------------------------------------------------


def shared_words(
    en_text: str, ko_text: str, *, ignore: tuple[str, ...] = ()
) -> list[tuple[Word, str]]:
    """Lexicon entries whose English and Korean words both occur in the page's two texts, each
    with the English form to show: the dictionary form, or the irregular one the page uses
    ("leaves"), so the reader can find the word on the page.

    Names in `ignore` (the hero's, the companion's) are skipped so a child called "Bear" does
    not turn into vocabulary.
    """
    en_words, ko_words = Words(en_text, ignore), Words(ko_text, ignore)
    found: list[tuple[Word, str]] = []
    seen: set[str] = set()
    for word in LEXICON:
        if word.en in seen or word.ko in seen or not ko_words.has(word.ko):
            continue
        form = next((f for f in (word.en, *word.en_forms) if en_words.has(f)), None)
        if form is None:
            continue
        shown = word.en if word.en.lower() in en_text.lower() else form
        found.append((word, shown))
        seen.update((word.en, word.ko))
    return found

"""Bilingual picture-book words with child-friendly definitions, for each page's vocabulary.

A page lists the entries whose English and Korean words both appear in its two texts, so the
order here is the order of preference: things a child can point at in the picture come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from moretale_assets.lib.providers.offline import story_data


@dataclass(frozen=True)
class Word:
    en: str
    ko: str
    en_def: str
    ko_def: str
    en_forms: tuple[str, ...] = ()  # irregular English forms that also count (mice, leaves)


LEXICON: tuple[Word, ...] = story_data.validate(
    tuple[Word, ...], story_data.read("lexicon.yaml")["words"], "lexicon.yaml"
)

"""What a theme is about, in the vocabulary's concepts, and keeping it in the book's pages.

A theme names concepts (a place, a value, an animal, a toy, rain); the plot, place and cast are
chosen from them (story_choices.py). Plots are shared between themes, so a theme word can end up
on only a page or two; `echo_theme` then adds one short sentence naming it to a few pages that
lack it, so the book is about its theme in both languages (the `theme_present` quality check).
"""

from __future__ import annotations

import math

from moretale_assets.lib.providers.offline.story_render import Ko, SlotValue, capitalize, render
from moretale_assets.lib.providers.offline.word_match import Words
from moretale_assets.lib.vocabulary import ECHO_KIND, Concept, vocabulary


def concepts_in(text: str) -> list[tuple[str, Concept]]:
    """The concepts `text` names, first mention first."""
    words = Words(text)
    found = []
    for key, c in vocabulary().concepts.items():
        positions = [p for w in c.words if (p := words.find(w)) is not None]
        if positions:
            found.append((min(positions), key, c))
    return [(key, c) for _, key, c in sorted(found, key=lambda f: f[0])]


def pages_wanted(page_count: int) -> int:
    """On how many pages a theme should show: a quarter of the book, at most three."""
    return min(3, max(1, math.ceil(page_count / 4)))


def _names(text: str, forms: tuple[str, ...]) -> bool:
    # Words(...) reads every word's stems: only worth it when a form occurs at all.
    lower = text.lower()
    if not any(f.rstrip("~").lower() in lower for f in forms):
        return False
    return Words(text).has(*forms)


def shows(concept: Concept, en: str, ko: str) -> tuple[bool, bool]:
    return _names(en, concept.english), _names(ko, concept.korean)


def echo_theme(
    theme: str,
    texts: list[tuple[str, str]],
    en_slots: dict[str, SlotValue],
    ko_slots: dict[str, SlotValue],
) -> list[tuple[str, str]]:
    """`texts` ((English, Korean) per page) with the theme's first concept named on enough pages.

    Pages already naming it are left alone; the echo goes to pages spread over the book, never the
    first (the opening sets the scene) and never twice the same sentence.
    """
    found = concepts_in(theme)
    if not found:
        return texts
    _, concept = found[0]
    showing = [all(shows(concept, en, ko)) for en, ko in texts]
    missing = pages_wanted(len(texts)) - sum(showing)
    if missing <= 0:
        return texts
    echoes = list(vocabulary().echoes[ECHO_KIND[concept.kind]])
    noun_en, noun_ko = concept.noun
    en_fill = {**en_slots, "t": noun_en, "T": capitalize(noun_en)}
    ko_fill = {**ko_slots, "t": Ko(noun_ko)}
    candidates = [i for i, ok in enumerate(showing) if not ok and i > 0] or [0]
    step = len(candidates) / min(missing, len(candidates), len(echoes))
    chosen = [candidates[int(k * step)] for k in range(min(missing, len(candidates), len(echoes)))]
    out = list(texts)
    for n, i in enumerate(chosen):
        en_line, ko_line = echoes[n]
        en, ko = out[i]
        out[i] = (
            f"{en} {render(en_line, en_fill, korean_text=False)}",
            f"{ko} {render(ko_line, ko_fill, korean_text=True)}",
        )
    return out

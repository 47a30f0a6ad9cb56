"""Alternative wordings inside a sentence: `[a|b|c]` groups in the writer's data.

A group offers interchangeable parts of a sentence ("[woke up|sat up] in bed"); a seeded
generator picks one option per group, so books on the same plot read differently while the
same request still gets the same words. The n-th group of the English and the n-th group of
the Korean say the same thing in the same order, so one pick serves both languages.
"""

from __future__ import annotations

import random
import re

_ALTERNATIVES = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
Pair = tuple[str, str]  # (English, Korean), as in story_grammar


def alternatives(template: str) -> list[int]:
    """How many options each `[a|b]` group of `template` has, in order."""
    return [len(m.group(1).split("|")) for m in _ALTERNATIVES.finditer(template)]


def check_alternatives(pair: Pair, where: str) -> None:
    """The English and Korean of a pair must offer the same groups, or one pick cannot serve
    both (called when the data loads)."""
    en, ko = alternatives(pair[0]), alternatives(pair[1])
    if en != ko:
        raise ValueError(f"{where}: [a|b] groups differ between English {en} and Korean {ko}")


def phrase(pair: Pair, rng: random.Random) -> Pair:
    """`pair` with every `[a|b]` group resolved; the n-th group takes the same option in both
    languages."""
    picks = [rng.randrange(n) for n in alternatives(pair[0])]
    return _resolve(pair[0], picks), _resolve(pair[1], picks)


def each_wording(pair: Pair) -> list[Pair]:
    """Every option of every group at least once (option k of all groups together): what a
    test renders to check that all the wordings work."""
    counts = alternatives(pair[0])
    return [
        (_resolve(pair[0], [k % n for n in counts]), _resolve(pair[1], [k % n for n in counts]))
        for k in range(max(counts, default=1))
    ]


def _resolve(template: str, picks: list[int]) -> str:
    it = iter(picks)
    return _ALTERNATIVES.sub(lambda m: m.group(1).split("|")[next(it)], template)

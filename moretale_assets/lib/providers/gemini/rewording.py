"""Rewordings for a prompt the model refused on safety grounds.

A safety block is not deterministic per prompt (providers-notes §C): the same or a slightly
reworded request usually passes. Each rewording keeps the scene and softens it a step more;
the caller records which one passed, and the prompt it sent."""

from __future__ import annotations

import re

# Words that trip image and text filters in children's stories, with gentler stand-ins.
SOFTER = {
    "fight": "play",
    "fighting": "playing",
    "scary": "curious",
    "frightening": "surprising",
    "monster": "friendly creature",
    "monsters": "friendly creatures",
    "blood": "red paint",
    "gun": "toy",
    "knife": "spoon",
    "sword": "stick",
    "weapon": "stick",
    "dead": "sleeping",
    "kill": "chase",
    "hurt": "tired",
    "injured": "tired",
    "angry": "surprised",
    "crying": "sighing",
    "dark": "dim",
    "fire": "warm light",
    "attack": "visit",
}
_WORD = re.compile(r"\b(" + "|".join(sorted(SOFTER, key=len, reverse=True)) + r")\b", re.I)

GENTLE = (
    "A gentle, friendly picture-book illustration for young children, suitable for all "
    "ages; everyone is safe and happy. "
)
PLAIN = "A calm, cheerful children's book illustration. "


def soften(text: str) -> str:
    return _WORD.sub(lambda m: SOFTER[m.group(1).lower()], text)


def _first_sentences(text: str, n: int = 2) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(parts[:n])


REWORDINGS: tuple[tuple[str, object], ...] = (
    ("gentle", lambda p: GENTLE + soften(p)),
    ("plain", lambda p: PLAIN + soften(_first_sentences(p))),
    ("minimal", lambda p: PLAIN + soften(_first_sentences(p, 1))),
)


def rewordings(prompt: str, count: int) -> list[tuple[str, str]]:
    """Up to `count` (name, reworded prompt) pairs, softest last; the original is not one."""
    out = []
    for name, fn in REWORDINGS[: max(0, count)]:
        out.append((name, fn(prompt)))  # type: ignore[operator]
    return out

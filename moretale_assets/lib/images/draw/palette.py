"""Colours and the small colour helpers every drawing uses."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Point = tuple[float, float]


NAMED: dict[str, RGB] = {
    "red": (222, 64, 60),
    "orange": (242, 140, 48),
    "yellow": (250, 208, 60),
    "green": (88, 168, 78),
    "blue": (66, 126, 212),
    "purple": (144, 92, 192),
    "pink": (242, 144, 182),
    "brown": (142, 96, 60),
    "white": (246, 244, 238),
    "black": (52, 50, 58),
    "golden": (232, 182, 58),
    "silver": (192, 198, 208),
    "gray": (150, 152, 160),
}
HAIR: dict[str, RGB] = {
    "black": (38, 34, 40),
    "brown": (104, 66, 38),
    "golden": (236, 192, 92),
    "yellow": (240, 204, 100),
    "red": (186, 78, 38),
    "orange": (206, 104, 44),
    "white": (236, 236, 232),
    "gray": (168, 168, 172),
    "silver": (196, 198, 204),
}
SKIN: dict[str, RGB] = {
    "fair": (255, 226, 204),
    "tan": (232, 186, 146),
    "brown": (186, 128, 88),
    "deep": (122, 80, 56),
}
DEFAULT_SKIN: RGB = (248, 212, 180)
INK: RGB = (46, 36, 44)
WHITE: RGB = (255, 255, 255)
BLUSH: RGBA = (255, 120, 130, 90)

SKY: dict[str, list[tuple[float, RGB]]] = {
    "dawn": [(0.0, (98, 112, 184)), (0.55, (236, 162, 186)), (1.0, (255, 206, 168))],
    "morning": [(0.0, (102, 172, 236)), (1.0, (218, 238, 250))],
    "day": [(0.0, (82, 156, 232)), (1.0, (196, 228, 250))],
    "noon": [(0.0, (58, 138, 230)), (1.0, (178, 220, 250))],
    "afternoon": [(0.0, (92, 156, 226)), (1.0, (246, 226, 190))],
    "sunset": [(0.0, (82, 72, 150)), (0.5, (236, 122, 112)), (1.0, (255, 186, 90))],
    "evening": [(0.0, (36, 36, 96)), (0.6, (122, 82, 142)), (1.0, (226, 132, 122))],
    "night": [(0.0, (12, 18, 52)), (1.0, (44, 58, 118))],
}
SPACE_SKY = [(0.0, (8, 6, 30)), (0.7, (34, 20, 70)), (1.0, (60, 34, 96))]
# (colour, amount) every scene colour is pulled towards, so one light colours the whole page.
TINT: dict[str, tuple[RGB, float]] = {
    "dawn": ((255, 170, 190), 0.12),
    "morning": ((255, 248, 225), 0.04),
    "day": ((255, 255, 255), 0.0),
    "noon": ((255, 255, 240), 0.02),
    "afternoon": ((255, 214, 150), 0.08),
    "sunset": ((255, 128, 70), 0.2),
    "evening": ((70, 50, 124), 0.34),
    "night": ((22, 30, 84), 0.52),
}
GRAY_SKY: RGB = (150, 158, 172)
DARK_TIMES = frozenset({"evening", "night"})


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def darker(c: Sequence[int], t: float = 0.25) -> RGB:
    return mix(c, (20, 14, 30), t)


def lighter(c: Sequence[int], t: float = 0.3) -> RGB:
    return mix(c, WHITE, t)


def alpha(c: Sequence[int], a: int) -> RGBA:
    return (c[0], c[1], c[2], a)


def named(name: str | None, default: RGB, table: dict[str, RGB] = NAMED) -> RGB:
    return table.get(name or "", NAMED.get(name or "", default))


def pick(options: Sequence[T], *keys: object) -> T:
    """A stable choice from `options` keyed by `keys` (same keys, same pick, every run)."""
    return options[zlib.crc32("|".join(map(str, keys)).encode()) % len(options)]

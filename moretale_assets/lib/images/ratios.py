"""Picture sizes from aspect ratios."""

from __future__ import annotations

import re

MAX_RATIO = 4.0  # wider than 4:1 is a typo, not a picture book page
MIN_LONG_SIDE, MAX_LONG_SIDE = 64, 4096
_RATIO = re.compile(r"^\s*(\d{1,3})\s*:\s*(\d{1,3})\s*$")


def parse_ratio(aspect_ratio: str) -> tuple[int, int]:
    """'16:9' -> (16, 9). ValueError for anything that is not a sane 'W:H'."""
    match = _RATIO.match(aspect_ratio) if isinstance(aspect_ratio, str) else None
    if match is None:
        raise ValueError(
            f"aspect ratio must look like 'W:H' (e.g. '1:1', '5:4'), got {aspect_ratio!r}"
        )
    w, h = int(match[1]), int(match[2])
    if w == 0 or h == 0:
        raise ValueError(f"aspect ratio sides must be positive, got {aspect_ratio!r}")
    if max(w / h, h / w) > MAX_RATIO:
        raise ValueError(f"aspect ratio {aspect_ratio!r} is more extreme than {MAX_RATIO:g}:1")
    return w, h


def size_for(aspect_ratio: str, long_side: int = 1024) -> tuple[int, int]:
    """(width, height) in pixels whose longer side is `long_side`."""
    if not MIN_LONG_SIDE <= long_side <= MAX_LONG_SIDE:
        raise ValueError(f"long_side must be {MIN_LONG_SIDE}..{MAX_LONG_SIDE}, got {long_side}")
    w, h = parse_ratio(aspect_ratio)
    if w >= h:
        return long_side, round(long_side * h / w)
    return round(long_side * w / h), long_side

"""Checks on a book's pictures: size and shape, not blank, no text, the page's things drawn.

"No text" has two sources: what the offline scene planner reports (it draws shapes, never
glyphs) and, for every picture, a detector of text-like strokes (rows crossing many thin dark
strokes over a band a line of lettering tall). "Key objects" compares the animals and things the
page's English text names with what the scene planner drew; for model-made pictures that needs
a vision check, which is not built: the result says it did not run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, UnidentifiedImageError

from moretale_assets.lib.images.ratios import parse_ratio
from moretale_assets.lib.images.scene import drawn_things, named_things, parse_scene
from moretale_assets.lib.quality.model import CheckResult, PageResult, Report

MIN_SIDE = 256
ASPECT_TOLERANCE = 0.03
BLANK_STD = 6.0  # grey-level spread below this is an empty canvas
MIN_COLOURS = 24  # in a 64×64 thumbnail
INK_LEVEL = 110  # grey level under which a pixel counts as a dark stroke
TEXT_TRANSITIONS = 0.06  # stroke edges per pixel of width along a row of lettering
TEXT_ROWS = 0.012  # such rows, as a share of the height, that make a line of text


@dataclass(frozen=True)
class Drawn:
    page: int  # 0 is the cover
    png: bytes | None
    aspect_ratio: str
    prompt: str = ""
    provider: str = ""
    text_en: str = ""  # the page's English text, for the things it names


def _open(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    img.load()
    return img if img.mode == "RGB" else img.convert("RGB")


def text_like_rows(img: Image.Image, grey: np.ndarray | None = None) -> int:
    """How many rows cross many thin dark strokes: lettering does, outlined shapes rarely do."""
    if grey is None:
        grey = np.asarray(img.convert("L"))
    ink = grey < INK_LEVEL
    edges = np.count_nonzero(ink[:, 1:] != ink[:, :-1], axis=1)
    return int(np.count_nonzero(edges >= TEXT_TRANSITIONS * grey.shape[1]))


def has_text(img: Image.Image, grey: np.ndarray | None = None) -> bool:
    return text_like_rows(img, grey) >= max(6, TEXT_ROWS * img.height)


def check_pictures(pictures: list[Drawn]) -> Report:
    size = CheckResult(name="size_and_aspect", severity="blocking")
    blank = CheckResult(name="not_blank", severity="blocking")
    text = CheckResult(name="no_text", severity="warning")
    objects = CheckResult(name="key_objects_drawn", severity="warning")
    vision_needed = False
    for pic in pictures:
        r_size, r_blank, r_text = (PageResult(page=pic.page) for _ in range(3))
        size.pages.append(r_size)
        if pic.png is None:
            r_size.status, r_size.reasons = "fail", ["no picture"]
            continue
        try:
            img = _open(pic.png)
        except (UnidentifiedImageError, OSError) as exc:
            r_size.status, r_size.reasons = "fail", [f"unreadable PNG ({exc})"]
            continue
        w, h = img.size
        rw, rh = parse_ratio(pic.aspect_ratio)
        off = abs(w / h - rw / rh) / (rw / rh)
        if min(w, h) < MIN_SIDE or off > ASPECT_TOLERANCE:
            r_size.status = "fail"
            r_size.reasons.append(f"{w}×{h}, asked for {pic.aspect_ratio}")
        grey = np.asarray(img.convert("L"))
        small = np.asarray(img.reduce(max(1, min(w, h) // 64)), dtype=np.int32).reshape(-1, 3)
        spread = float(grey[::8, ::8].std())
        colours = len(np.unique(small[:, 0] << 16 | small[:, 1] << 8 | small[:, 2]))
        blank.pages.append(r_blank)
        if spread < BLANK_STD or colours < MIN_COLOURS:
            r_blank.status = "fail"
            r_blank.reasons.append(f"blank: spread {spread:.1f}, {colours} colours")
        text.pages.append(r_text)
        rows = text_like_rows(img, grey)
        if rows >= max(6, TEXT_ROWS * h):
            r_text.status = "fail"
            r_text.reasons.append(f"{rows} rows of text-like strokes")
        elif pic.provider == "offline":
            r_text.reasons.append("scene planner drew no glyphs")
        if pic.page == 0:
            continue  # the cover shows the book, not a page's text
        if pic.provider != "offline":
            vision_needed = True
            continue
        shown = drawn_things(parse_scene(pic.prompt))
        wanted = named_things(pic.text_en)
        missing = sorted(wanted - shown)
        r_obj = PageResult(page=pic.page)
        if missing:
            r_obj.status = "fail"
            r_obj.reasons.append(f"named but not drawn: {', '.join(missing)}")
        if wanted - set(missing):
            r_obj.reasons.append(f"drawn: {', '.join(sorted(wanted - set(missing)))}")
        objects.pages.append(r_obj)
    if vision_needed and not objects.pages:
        objects.ran = False
        objects.note = "pictures from a model need a vision check, which is not built"
    text.note = "stroke detector on every picture; offline: the scene planner draws no text"
    return Report(checks=[size, blank, text, objects])

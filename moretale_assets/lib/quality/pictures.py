"""Checks on a book's pictures: size and shape, not blank, no text, the page's things drawn,
the cover's character.

"No text" has two sources: what the offline scene planner reports (it draws shapes, never
glyphs) and, for pictures a model made, a detector of text-like strokes (rows crossing many
thin dark strokes over a band a line of lettering tall) plus, given a reviewer, a vision check.
"Key objects" compares the animals and things the page's English text names with what the
scene planner drew, and "character" the hero the planner drew with the cover's; for pictures a
model made both need the vision check (lib/quality/review.py, the Gemini text model): without
a reviewer the results say they did not run.

Pixel measures (blankness, the stroke score) are taken from the decoded picture; when the
pipeline measured them as it drew the picture (`PixelStats` in its manifest entry, for these
very bytes by sha256), they are used as they are: PNG has no reduced-size decode, and a full
decode was most of the check's time.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, UnidentifiedImageError

from moretale_assets.lib.images.ratios import parse_ratio
from moretale_assets.lib.images.scene import Scene, drawn_things, named_things, parse_scene
from moretale_assets.lib.quality.model import CheckResult, PageResult, Report
from moretale_assets.lib.quality.review import MISSING_FAIL, PictureReviewer, Review, concurrently
from moretale_assets.lib.schemas import PixelStats

MIN_SIDE = 256
ASPECT_TOLERANCE = 0.03
BLANK_STD = 6.0  # grey-level spread below this is an empty canvas
MIN_COLOURS = 24  # in a 64×64 thumbnail
STROKE_CONTRAST = 35  # grey levels darker than the neighbourhood that make a stroke
TEXT_BAND_ROWS = 10  # a line of text is at least this many rows tall
# Measured: 160 offline pages in all four style families score <= 0.11; 24-40 px text on a
# 1024 px picture >= 0.16.
TEXT_SCORE = 0.14


@dataclass(frozen=True)
class Drawn:
    page: int  # 0 is the cover
    png: bytes | None
    aspect_ratio: str
    prompt: str = ""
    provider: str = ""
    text_en: str = ""  # the page's English text, for the things it names
    pixels: PixelStats | None = None  # measured when drawn; used only if its sha256 matches


def _open(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    img.load()
    return img if img.mode == "RGB" else img.convert("RGB")


def _band_density(img: Image.Image) -> float:
    grey_img = img.convert("L").filter(ImageFilter.BoxBlur(1))  # paper grain is not a stroke
    grey = np.asarray(grey_img, dtype=np.int16)
    local = np.asarray(grey_img.filter(ImageFilter.BoxBlur(6)), dtype=np.int16)
    ink = (grey < local - STROKE_CONTRAST) & (grey < 150)
    edges = (ink[:, 1:] != ink[:, :-1]).astype(np.int32)
    window = max(8, edges.shape[1] // 4)
    run = np.cumsum(edges, axis=1)
    density = (run[:, window:] - run[:, :-window]).max(axis=1) / window
    if density.size < TEXT_BAND_ROWS:
        return 0.0
    return float(np.sort(density)[-TEXT_BAND_ROWS])


def text_score(img: Image.Image) -> float:
    """How much of the picture reads like a line of lettering, 0..1.

    A pixel is a stroke when it is clearly darker than its neighbourhood. Along a row of text the
    strokes' edges come thick and fast; the score is the edge density, over the densest quarter
    of the row, of the tenth densest row: a line of text is a band of such rows, while a drawing's
    outlines give one or two dense rows at most. Caption-size lettering (letters up to ~4 % of
    the picture's width) is caught; title-size lettering is not: measured at half size to catch
    it, a picket fence in coloured pencil scored like text.
    """
    return _band_density(img)


def _digest(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()


def pixel_stats(img: Image.Image, png: bytes, *, text: bool = False) -> PixelStats:
    """The check's pixel measures of `img`, the decoded pixels of `png` (the stroke detector
    only when `text`): blankness from a ~64 px box-averaged thumbnail, where a flat canvas stays
    flat (noise averages out) and a drawing keeps its tones."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    w, h = rgb.size
    thumb = rgb.reduce(max(1, min(w, h) // 64))
    small = np.asarray(thumb, dtype=np.int32).reshape(-1, 3)
    spread = float(np.asarray(thumb.convert("L"), dtype=np.float32).std())
    colours = len(np.unique(small[:, 0] << 16 | small[:, 1] << 8 | small[:, 2]))
    score = text_score(rgb) if text else None
    return PixelStats(sha256=_digest(png), spread=spread, colours=colours, text_score=score)


def _measured(pic: Drawn, png: bytes, *, text: bool) -> PixelStats:
    """The pixel measures of `png`: those taken when it was drawn if they are of these very
    bytes (and include what is needed), else from decoding it now (PNG has no reduced-size
    decode: a full decode is most of a check's time)."""
    kept = pic.pixels
    complete = kept is not None and (kept.text_score is not None or not text)
    if kept is not None and complete and kept.sha256 == _digest(png):
        return kept
    return pixel_stats(_open(png), png, text=text)


def check_pictures(pictures: list[Drawn], reviewer: PictureReviewer | None = None) -> Report:
    """Every picture's size and blankness; lettering, the page's things and the cover's
    character from the scene planner's report (offline) or, given a `reviewer`, from a vision
    check of pictures a model made."""
    size = CheckResult(name="size_and_aspect", severity="blocking")
    blank = CheckResult(name="not_blank", severity="blocking")
    text = CheckResult(name="no_text", severity="warning")
    objects = CheckResult(name="key_objects_drawn", severity="warning")
    character = CheckResult(name="character_matches_cover", severity="warning")
    cover = next((p for p in pictures if p.page == 0 and p.png is not None), None)
    vision_needed = False
    reviews: dict[int, Review] = {}
    if reviewer is not None:
        looked_at = [p for p in pictures if p.provider != "offline" and p.png is not None]
        seen_all = concurrently(lambda p: _review(p, cover, reviewer), looked_at)
        reviews = {p.page: seen for p, seen in zip(looked_at, seen_all, strict=True)}
    for pic in pictures:
        r_size, r_blank, r_text = (PageResult(page=pic.page) for _ in range(3))
        size.pages.append(r_size)
        if pic.png is None:
            r_size.status, r_size.reasons = "fail", ["no picture"]
            continue
        # The planner's report covers offline pictures: it draws shapes only. The stroke
        # detector is for pictures a model made; on drawings it mistakes regular patterns (a
        # picket fence) for letters.
        detect_text = pic.provider != "offline"
        try:
            with Image.open(io.BytesIO(pic.png)) as header:  # the header only: no decode
                w, h = header.size
            stats = _measured(pic, pic.png, text=detect_text)
        except (UnidentifiedImageError, OSError) as exc:
            r_size.status, r_size.reasons = "fail", [f"unreadable PNG ({exc})"]
            continue
        rw, rh = parse_ratio(pic.aspect_ratio)
        off = abs(w / h - rw / rh) / (rw / rh)
        if min(w, h) < MIN_SIDE or off > ASPECT_TOLERANCE:
            r_size.status = "fail"
            r_size.reasons.append(f"{w}×{h}, asked for {pic.aspect_ratio}")
        blank.pages.append(r_blank)
        if stats.spread < BLANK_STD or stats.colours < MIN_COLOURS:
            r_blank.status = "fail"
            r_blank.reasons.append(f"blank: spread {stats.spread:.1f}, {stats.colours} colours")
        text.pages.append(r_text)
        if not detect_text:
            r_text.reasons.append("scene planner drew no glyphs")
        elif (score := stats.text_score or 0.0) >= TEXT_SCORE:
            r_text.status = "fail"
            r_text.reasons.append(f"text-like strokes (score {score:.2f})")
        if pic.provider != "offline" and reviewer is None:
            vision_needed = True
            continue
        if pic.provider != "offline":
            _vision(pic, reviews[pic.page], cover is not None, r_text, objects, character)
            continue
        if pic.page == 0:
            continue  # the cover shows the book, not a page's text
        scene = parse_scene(pic.prompt)
        shown = drawn_things(scene)
        wanted = named_things(pic.text_en)
        missing = sorted(wanted - shown)
        r_obj = PageResult(page=pic.page)
        if missing:
            r_obj.status = "fail"
            r_obj.reasons.append(f"named but not drawn: {', '.join(missing)}")
        if wanted - set(missing):
            r_obj.reasons.append(f"drawn: {', '.join(sorted(wanted - set(missing)))}")
        objects.pages.append(r_obj)
        if cover is not None and cover.provider == "offline":
            r_char = PageResult(page=pic.page)
            if _hero(scene) != _hero(parse_scene(cover.prompt)):
                r_char.status = "fail"
                r_char.reasons.append("the planner drew a hero unlike the cover's")
            character.pages.append(r_char)
    if vision_needed:
        for check in (objects, character):
            if not check.pages:
                check.ran = False
                check.note = "pictures from a model need a vision check (Gemini text model)"
    if cover is None and not character.pages:
        character.ran, character.note = False, "no cover to compare with"
    if reviewer is not None:
        text.note = "offline: the scene planner's report; model pictures: stroke detector and "
        text.note += "vision check"
        for check in (objects, character):
            check.note = check.note or "model pictures: vision check by the text model"
        return Report(checks=[size, blank, text, objects, character])
    text.note = "offline: the scene planner's report (no glyphs); model pictures: stroke detector"
    return Report(checks=[size, blank, text, objects, character])


def _hero(scene: Scene) -> tuple[str | None, ...]:
    look, hero = scene.hero_look, scene.hero
    return (hero.species if hero else None, look.hair, look.hair_style, look.skin)


def _things(pic: Drawn) -> list[str]:
    return sorted(named_things(pic.text_en)) if pic.page else []


def _review(pic: Drawn, cover: Drawn | None, reviewer: PictureReviewer) -> Review:
    """One vision request for a model's picture: lettering, the page's things, the cover's hero."""
    ref = cover.png if cover is not None and pic.page else None
    return reviewer.review_picture(pic.png or b"", things=_things(pic), cover_png=ref)


def _vision(
    pic: Drawn,
    seen: Review,
    has_cover: bool,
    r_text: PageResult,
    objects: CheckResult,
    character: CheckResult,
) -> None:
    """What the vision review of a model's picture says about its page."""
    things = _things(pic)
    if seen.text_in_picture:
        r_text.status = "fail"
        r_text.reasons.append(f"vision: lettering seen {seen.text_seen[:60]!r}")
    if not pic.page:
        return
    r_obj = PageResult(page=pic.page)
    missing = [t for t in things if t not in set(seen.present)]
    if missing:
        r_obj.status = "fail" if len(missing) > MISSING_FAIL * len(things) else "warn"
        r_obj.reasons.append(f"vision: not seen: {', '.join(missing)}")
    if set(things) - set(missing):
        r_obj.reasons.append(f"vision: seen: {', '.join(sorted(set(things) - set(missing)))}")
    objects.pages.append(r_obj)
    if has_cover:
        r_char = PageResult(page=pic.page)
        if seen.same_character_as_cover is False:
            r_char.status = "fail"
            r_char.reasons.append("vision: the main character does not look like the cover's")
        character.pages.append(r_char)

"""The finish a style family gives a drawn scene: its palette and its line treatment.

The shapes are the same for every style (the planner decides what is in the picture); the
finish decides how it looks on the page, so an `image_style` of watercolor, coloured pencil or
gouache reads as that medium rather than as the flat default:

- flat: the drawing as drawn (clean fills, ink outlines).
- watercolor: washed-out colours on warm paper, soft edges, lines dissolved, paper grain.
- pencil: muted colours, grey graphite edges traced over the shapes, diagonal hatching, grain.
- gouache: dense, saturated colour with a little more contrast.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
from PIL import Image, ImageChops, ImageEnhance, ImageFilter

PAPER = (250, 244, 230)
_TILE = 128
# Grain comes in 2x2 px specks, the tooth of paper on a 1024 px page. Per-pixel noise looked
# the same but could not be compressed: it made pages 0.6-1 MB and PNG encoding half the cost
# of a book (docs/benchmarks.md, "Offline drawing cost").
_SPECK = 2
_LUMA = (0.299, 0.587, 0.114)  # Pillow's RGB -> L weights, which ImageEnhance.Color uses


@cache
def _grain_tile(seed: int, amount: float) -> Image.Image:
    """A small seeded noise tile centred on 128, repeated over the picture: same pixels for the
    same seed, and far cheaper than noise for every pixel."""
    rng = np.random.default_rng(seed)
    specks = rng.normal(128.0, amount, (_TILE // _SPECK, _TILE // _SPECK))
    tile = np.repeat(np.repeat(specks, _SPECK, axis=0), _SPECK, axis=1)
    return Image.fromarray(np.clip(tile, 0, 255).astype(np.uint8)).convert("RGB")


@lru_cache(maxsize=8)
def _noise(size: tuple[int, int], seed: int, amount: float) -> Image.Image:
    tile = _grain_tile(seed, amount)
    noise = Image.new("RGB", size)
    for y in range(0, size[1], _TILE):
        for x in range(0, size[0], _TILE):
            noise.paste(tile, (x, y))
    return noise


def _grain(img: Image.Image, seed: int, amount: float) -> Image.Image:
    """`img` with paper grain (integer maths in Pillow's C code)."""
    return ImageChops.add(img, _noise(img.size, seed % 4, amount), scale=1.0, offset=-128)


def _wash(img: Image.Image, saturation: float, paper: float) -> Image.Image:
    """`ImageEnhance.Color(img).enhance(saturation)` blended with `paper` of the paper colour,
    as one colour matrix: one pass over the pixels instead of four."""
    keep = 1.0 - paper
    matrix: list[float] = []
    for channel in range(3):
        row = [keep * (1.0 - saturation) * weight for weight in _LUMA]
        row[channel] += keep * saturation
        matrix += [*row, paper * PAPER[channel]]
    return img.convert("RGB", tuple(matrix))


@cache
def _hatch(size: tuple[int, int]) -> Image.Image:
    """Diagonal pencil strokes: white paper with faint grey lines, to multiply over colour."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    lines = (xx + yy) % max(5, w // 170) == 0
    return Image.fromarray(np.where(lines, 236, 255).astype(np.uint8)).convert("RGB")


def watercolor(img: Image.Image, seed: int) -> Image.Image:
    # Soft edges: blurred at half size and scaled back, which also dissolves the ink lines.
    half = img.reduce(2).filter(ImageFilter.BoxBlur(max(1.0, img.width / 800)))
    soft = half.resize(img.size, Image.Resampling.BILINEAR)
    return _grain(_wash(soft, 0.85, 0.12), seed, 5.0)


def pencil(img: Image.Image, seed: int) -> Image.Image:
    muted = _wash(img, 0.7, 0.12)
    edges = img.convert("L").filter(ImageFilter.FIND_EDGES).point(lambda v: 255 - min(110, v * 2))
    drawn = ImageChops.multiply(muted, edges.convert("RGB"))  # graphite where shapes meet
    return _grain(ImageChops.multiply(drawn, _hatch(img.size)), seed, 7.0)


def gouache(img: Image.Image, seed: int) -> Image.Image:
    # Opaque paint: dense, saturated colour with a little more contrast; no banding on the sky.
    rich = ImageEnhance.Contrast(ImageEnhance.Color(img).enhance(1.3)).enhance(1.08)
    return _grain(rich, seed, 3.0)


FINISHES = {"watercolor": watercolor, "pencil": pencil, "gouache": gouache}


def finish(img: Image.Image, style: str, seed: int) -> Image.Image:
    make = FINISHES.get(style)
    return img if make is None else make(img, seed)

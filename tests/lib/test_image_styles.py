"""image_style changes the drawing; the character design text is what gets drawn."""

import numpy as np
import pytest
from PIL import Image, ImageFilter

from moretale_assets.lib.images.draw import render
from moretale_assets.lib.images.scene import parse_scene
from moretale_assets.lib.providers.offline.story_grammar import HAIR, STYLES

SCENE = (
    "a 5-year-old child with short black hair, wearing a yellow raincoat and red boots, "
    "medium shot of a forest in the morning; the happy child and a small white rabbit play"
)


def drawn(style: str) -> Image.Image:
    return render(parse_scene(f"{style}, {SCENE}"), (256, 256), seed=7)


def saturation(img: Image.Image) -> float:
    return float(np.asarray(img.convert("HSV"))[..., 1].mean())


def edges(img: Image.Image) -> float:
    """Share of pixels on a crisp line (the median filter takes the paper grain out first)."""
    grey = img.convert("L").filter(ImageFilter.MedianFilter(3))
    return float((np.asarray(grey.filter(ImageFilter.FIND_EDGES)) > 40).mean())


def test_every_offline_style_is_its_own_family_and_looks_different():
    families = [parse_scene(s).style for s in STYLES]
    assert sorted(families) == ["flat", "gouache", "pencil", "watercolor"]
    pictures = {f: np.asarray(drawn(s)) for f, s in zip(families, STYLES, strict=True)}
    for a in pictures:
        for b in pictures:
            if a < b:
                assert np.abs(pictures[a].astype(int) - pictures[b]).mean() > 3, (a, b)


def test_palette_and_lines_follow_the_style_family():
    flat, water = drawn("flat digital illustration"), drawn("soft watercolor illustration")
    pencil, gouache = drawn("colored pencil illustration"), drawn("gouache illustration")
    assert edges(water) < edges(flat)  # soft edges, lines dissolved
    assert saturation(pencil) < saturation(flat)  # muted colours
    assert saturation(gouache) > saturation(flat)  # dense paint
    assert edges(pencil) > edges(water)  # graphite lines and hatching


@pytest.mark.parametrize(
    ("hair", "style"),
    [("long black hair in two braids", "pigtails"), ("black hair in a bob with bangs", "short"),
     ("straight black hair in a ponytail", "ponytail"), ("fluffy brown hair", "curly")],
)  # fmt: skip
def test_the_design_text_is_the_hair_that_is_drawn(hair, style):
    assert hair in HAIR
    look = parse_scene(f"a 5-year-old child with {hair}, wearing a red coat; the child").hero_look
    assert look.hair_style == style


def test_in_bed_the_hero_wears_pyjamas_not_the_coat():
    design = "a 5-year-old child with short hair, wearing a puffy red coat and warm mittens"
    bed = parse_scene(f"{design}, medium shot of a cozy bedroom at night; the child lies in bed")
    out = parse_scene(f"{design}, wide shot of a snowy forest; the child walks")
    assert out.hero_look.garment == "coat"
    assert bed.hero_look.garment == "shirt" and bed.hero_look.clothes == "red"

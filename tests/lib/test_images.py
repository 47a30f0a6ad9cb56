import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageStat

from moretale_assets.lib.images import draw as draw_mod
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.images.draw import render
from moretale_assets.lib.images.png import encode_png
from moretale_assets.lib.images.ratios import size_for
from moretale_assets.lib.images.scene import (
    ANIMALS,
    OBJECTS,
    SETTINGS,
    Character,
    Scene,
    Thing,
    parse_scene,
)
from moretale_assets.lib.providers.base import Illustrator, ProviderError
from moretale_assets.lib.providers.offline.illustrator import OfflineIllustrator

HERO = (
    "Soft watercolor picture book style. Mina, a 5-year-old girl with short black hair, "
    "a yellow raincoat and red boots"
)


def picture(prompt: str, *, kind: str = "page", ratio: str = "1:1", seed: int = 1) -> Image.Image:
    pic = OfflineIllustrator().draw(prompt, kind=kind, aspect_ratio=ratio, seed=seed)
    return Image.open(io.BytesIO(pic.png)).convert("RGB")


def small(prompt: str, seed: int = 1, *, cover: bool = False) -> Image.Image:
    return render(parse_scene(prompt), (256, 256), seed, cover=cover)


def hue_share(img: Image.Image, lo: int, hi: int) -> float:
    """Share of fairly saturated pixels whose hue (0-255 scale) lies in [lo, hi)."""
    h, s, _ = img.convert("HSV").split()
    saturated = s.point(lambda v: 255 if v > 60 else 0)
    return sum(h.histogram(saturated)[lo:hi]) / (img.width * img.height)


# --- scene parsing ---------------------------------------------------------------------------


def test_parses_the_hero_description_and_the_scene():
    scene = parse_scene(
        f"{HERO}, walks through a rainy forest at dawn with a little orange fox and two blue "
        "birds, carrying a red lantern. Wide shot, happy."
    )
    assert scene.setting == "forest"
    assert scene.time_of_day == "dawn"
    assert scene.weather == frozenset({"rain"})
    assert scene.framing == "wide"
    assert scene.mood == "happy"
    assert [(c.species, c.colour, c.hero) for c in scene.characters] == [
        ("girl", "yellow", True),
        ("fox", "orange", False),
        ("bird", "blue", False),
        ("bird", "blue", False),
    ]
    assert scene.objects == (Thing("lantern", "red", 1),)
    look = scene.hero_look
    assert (look.hair, look.hair_style, look.clothes, look.garment, look.shoes) == (
        "black",
        "short",
        "yellow",
        "coat",
        "red",
    )


def test_defaults_when_nothing_matches():
    scene = parse_scene("Something lovely happens.")
    assert scene == Scene()
    assert scene.setting == "meadow"
    assert scene.time_of_day == "day"
    assert scene.characters == (Character("child", hero=True),)


def test_whole_words_only_and_case_insensitive():
    scene = parse_scene("A CATHEDRAL on a SNOWFIELD; the Concatenated scarecrow")
    assert scene.setting == "snowfield"
    assert "snow" not in scene.weather
    assert all(c.species != "cat" for c in scene.characters)


@pytest.mark.parametrize(
    ("prompt", "field", "expected"),
    [
        ("Close-up of a scared boy", "framing", "close"),
        ("a medium shot of a girl", "framing", "medium"),
        ("The children are sad in the kitchen", "mood", "sad"),
        ("a surprised child in the classroom", "mood", "surprised"),
        ("under the starry sky by the lake", "time_of_day", "night"),
        ("a walk at sunset on the mountain", "time_of_day", "sunset"),
        ("foggy morning at the river, no rain", "weather", frozenset({"fog"})),
        ("a rainbow after the rain in the village", "weather", frozenset({"rainbow", "rain"})),
        ("deep in outer space near a planet", "setting", "space"),
        ("plenty of space to play in the garden", "setting", "garden"),
    ],
)
def test_single_fields(prompt: str, field: str, expected: object):
    assert getattr(parse_scene(prompt), field) == expected


def test_plurals_counts_and_colours():
    scene = parse_scene("Three white rabbits and a brown bear share two pink cakes; the bear naps")
    species = [(c.species, c.colour) for c in scene.characters]
    assert species == [("rabbit", "white")] * 3 + [("bear", "brown")]
    assert scene.characters[0].hero  # no child: the first animal leads
    assert scene.objects == (Thing("cake", "pink", 2),)


def test_repeated_prompt_parts_do_not_multiply_characters():
    once = f"{HERO}, with a fox in the park"
    twice = f"{once}\n\nReference details for consistency: {once}"
    assert parse_scene(twice).characters == parse_scene(once).characters


def test_style_words_are_not_things_in_the_picture():
    scene = parse_scene("children's book illustration, picture book style: a boy and his dog")
    assert [c.species for c in scene.characters] == ["boy", "dog"]
    assert scene.objects == ()


def test_golden_stars_are_objects_but_stars_are_a_night_sky():
    assert parse_scene("two golden stars").objects == (Thing("star", "golden", 2),)
    scene = parse_scene("the stars twinkle")
    assert scene.objects == () and "stars" in scene.weather


# --- ratios ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "size"),
    [("1:1", (1024, 1024)), ("5:4", (1024, 819)), ("16:9", (1024, 576)), ("3:4", (768, 1024))],
)
def test_size_for(ratio: str, size: tuple[int, int]):
    assert size_for(ratio) == size


@pytest.mark.parametrize("ratio", ["", "1", "1:0", "0:3", "a:b", "1.5:1", "-1:2", "9:1", "1:1:1"])
def test_size_for_rejects_bad_ratios(ratio: str):
    with pytest.raises(ValueError, match="aspect ratio"):
        size_for(ratio)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L"])
@pytest.mark.parametrize("size", [(1, 1), (7, 3), (33, 64)])
def test_encode_png_round_trips_every_pixel(mode: str, size: tuple[int, int]):
    # Random pixels make every row differ from the one above, so a wrong filter or a lost
    # wrap-around shows; Pillow decodes and checks the CRCs.
    rng = np.random.default_rng(sum(size))
    channels = len(mode)
    pixels = rng.integers(0, 256, (size[1], size[0], channels), dtype=np.uint8)
    img = Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels, mode)
    data = encode_png(img)
    assert is_valid_png(data, min_side=1)
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == mode
    assert np.array_equal(np.asarray(decoded), np.asarray(img))
    assert encode_png(img) == data  # no timestamp: equal pictures, equal bytes


def test_encode_png_converts_other_modes_to_rgb():
    img = Image.new("P", (4, 4), 3)
    img.putpalette([0, 0, 0, 10, 20, 30, 1, 2, 3, 40, 50, 60])
    decoded = Image.open(io.BytesIO(encode_png(img)))
    assert decoded.mode == "RGB" and decoded.getpixel((1, 1)) == (40, 50, 60)


def test_encode_png_is_as_small_as_pillows_on_a_drawn_page():
    page = OfflineIllustrator().draw(
        "watercolor picture book illustration, a girl and a rabbit in a meadow",
        kind="page",
        aspect_ratio="1:1",
        seed=3,
    )
    pillow = io.BytesIO()
    page.image.save(pillow, format="PNG", compress_level=3)
    assert len(page.png) <= 1.1 * len(pillow.getvalue())


# --- rendering -------------------------------------------------------------------------------


def test_illustrator_satisfies_the_protocol():
    ill = OfflineIllustrator()
    assert isinstance(ill, Illustrator)
    assert (ill.provider, ill.model) == ("offline", "pillow-scene-v1")


def test_page_and_cover_have_the_requested_sizes():
    ill = OfflineIllustrator()
    page = ill.draw(f"{HERO} in the park", kind="page", aspect_ratio="1:1", seed=3)
    cover = ill.draw(f"{HERO} in the park", kind="cover", aspect_ratio="5:4", seed=3)
    assert (page.width, page.height) == (1024, 1024)
    assert (cover.width, cover.height) == (1024, 819)
    assert Image.open(io.BytesIO(cover.png)).size == (1024, 819)
    assert page.seed == 3 and page.model == "pillow-scene-v1" and page.extra == {}


def test_picture_is_a_real_picture_not_a_flat_fill():
    img = picture(f"{HERO} with a fox and a bear in the forest")
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 300
    assert min(ImageStat.Stat(img).stddev) > 25
    assert max(count for count, _ in colours) < 0.35 * img.width * img.height


def test_night_is_darker_than_day():
    day = ImageStat.Stat(small(f"{HERO} in the meadow at noon").convert("L")).mean[0]
    night = ImageStat.Stat(small(f"{HERO} in the meadow at night").convert("L")).mean[0]
    assert night < day - 40


def test_forest_is_green_and_beach_is_blue_and_sand():
    forest, beach = small(f"{HERO} in the forest"), small(f"{HERO} on the beach")
    green = (50, 115)  # ~70-160 degrees
    assert hue_share(forest, *green) > 0.35
    assert hue_share(beach, *green) < 0.1
    blue, sand = (125, 180), (15, 45)
    assert hue_share(beach, *blue) + hue_share(beach, *sand) > 0.6


def test_mood_changes_the_faces():
    happy = small("a happy girl in the meadow")
    sad = small("a sad girl in the meadow")
    assert happy.tobytes() != sad.tobytes()


def test_same_inputs_same_bytes_other_seed_other_layout():
    ill = OfflineIllustrator()
    prompt = f"{HERO} flies a kite on the beach with a turtle, windy"
    a = ill.draw(prompt, kind="page", aspect_ratio="1:1", seed=42)
    b = ill.draw(prompt, kind="page", aspect_ratio="1:1", seed=42)
    c = ill.draw(prompt, kind="page", aspect_ratio="1:1", seed=43)
    assert a.png == b.png
    assert a.png != c.png


def test_cover_never_draws_text(monkeypatch: pytest.MonkeyPatch):
    def no_text(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cover must not contain text")

    for name in ("text", "multiline_text", "textbbox", "textlength"):
        monkeypatch.setattr(ImageDraw.ImageDraw, name, no_text)
    prompt = (
        f"{HERO}, front cover illustration for a bilingual children's fairy tale, "
        "main character in the foreground. No visible text, title or letters."
    )
    pic = OfflineIllustrator().draw(prompt, kind="cover", aspect_ratio="5:4", seed=9)
    assert (pic.width, pic.height) == (1024, 819)


def test_cover_differs_from_page():
    prompt = f"{HERO} in the forest with a fox"
    assert small(prompt, cover=True).tobytes() != small(prompt).tobytes()


@pytest.mark.parametrize("ratio", ["", "1:0", "wide", "20:1"])
def test_bad_aspect_ratio_is_not_retryable(ratio: str):
    with pytest.raises(ProviderError) as info:
        OfflineIllustrator().draw("a girl", kind="page", aspect_ratio=ratio, seed=1)
    assert info.value.retryable is False


@pytest.mark.parametrize("prompt", ["", "   \n"])
def test_empty_prompt_is_not_retryable(prompt: str):
    with pytest.raises(ProviderError) as info:
        OfflineIllustrator().draw(prompt, kind="page", aspect_ratio="1:1", seed=1)
    assert info.value.retryable is False


def test_reference_is_accepted_and_ignored():
    ill = OfflineIllustrator()
    plain = ill.draw("a boy and a cat", kind="page", aspect_ratio="1:1", seed=5)
    ref = ill.draw("a boy and a cat", kind="page", aspect_ratio="1:1", seed=5, reference_png=b"x")
    assert ref.extra == {"reference": "ignored"}
    assert ref.png == plain.png


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_renders(setting: str):
    img = small(f"a girl with a fox in the {setting} at night, rain, snow, fog, windy")
    assert img.size == (256, 256)


def test_every_animal_and_object_renders():
    animals = " and ".join(f"a {a}" for a in ANIMALS)
    things = ", ".join(f"a {o}" for o in OBJECTS)
    for framing in ("wide shot", "medium shot", "close-up"):
        img = small(f"{framing} of a boy with {animals}, {things}, rainbow, sunny")
        assert len(img.getcolors(maxcolors=1 << 20) or ()) > 50


def test_portrait_and_landscape_ratios():
    for ratio in ("9:16", "16:9", "21:9", "2:3"):
        img = picture("a child with a dog in the city", ratio=ratio)
        assert img.size == size_for(ratio)


def test_drawing_code_has_no_text_drawing_at_all():
    modules = sorted(Path(draw_mod.__file__).parent.glob("*.py"))
    assert len(modules) > 10  # the whole package, not just its __init__
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert ".text(" not in source and "ImageFont" not in source, module.name

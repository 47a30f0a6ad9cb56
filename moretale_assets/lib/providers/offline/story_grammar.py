"""The offline story writer's world: settings, animals, toys, outfits, lessons and theme words.

Every bilingual string is an (English, Korean) pair that says the same thing. Strings may hold
`{slot}` placeholders (see story_render.py); in Korean, `{slot:이}` adds the right particle.
Scene strings are English and use only the offline illustrator's keywords where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from moretale_assets.lib.providers.offline import story_data
from moretale_assets.lib.providers.offline.story_wording import check_alternatives
from moretale_assets.lib.vocabulary import vocabulary

Pair = tuple[str, str]  # (English, Korean)


@dataclass(frozen=True)
class Place:
    en: str  # noun phrase: "the little wooden bridge over the stream"
    ko: str
    scene: str  # the same thing for the illustrator: "a little wooden bridge over a river"


@dataclass(frozen=True)
class Spot:
    """A place inside a setting to search, sit or hide in."""

    en: str  # with its preposition: "under the tallest tree"
    ko: str  # a place noun that takes particles: "가장 키 큰 나무 아래"
    en_np: str  # the thing alone: "the tallest tree"
    ko_np: str
    scene: str  # "under a tall tree"


@dataclass(frozen=True)
class Setting:
    key: str
    scene: str  # what the illustrator draws: "forest", "beach by the sea"
    en: str  # "the forest"
    ko: str  # "숲"
    en_at: str  # "in the forest"
    en_to: str  # "to the forest"
    home: Place  # where the hero lives
    about: tuple[Pair, ...]  # one line describing the place
    props: str  # scene filler that keeps the place recognisable: "among tall trees"
    spots: tuple[Spot, Spot, Spot]
    crossing: Place | None  # a bridge to cross on the way home
    den: Place | None  # where a lost animal's family lives
    locals: tuple[str, ...]  # animals that live here (lost animals, helpers)
    pals: tuple[str, ...]  # companions that fit here
    weather: str = "sunny"
    indoor: bool = False
    water: bool = False  # a toy boat can sail here
    article: bool = True  # "a forest" but "space"
    home_scene: str = ""  # where the hero's house stands, when not in the setting itself


@dataclass(frozen=True)
class Animal:
    kind: str  # the illustrator's keyword, also the English noun
    ko: str  # "토끼"
    ko_young: str  # how a small one is called in a picture book: "아기 토끼"
    colors: tuple[str, ...]
    trait: Pair  # what the companion is good at; uses {pal} and {at}
    helper: Pair  # the adjective phrase when it helps: ("wise old owl", "지혜로운 부엉이")
    plural: str = ""  # irregular English plural


@dataclass(frozen=True)
class Toy:
    kind: str  # illustrator keyword and English noun
    ko: str
    lost: Pair  # how it gets away; uses {toy}, {hero}, {pal}
    play: Pair  # a full predicate: "{hero} and {pal} <play>."
    together: Pair  # how three friends share it: "... <together>."
    name: Pair = ("", "")  # what the text calls it, when not just the keyword
    weather: str | None = None  # the loss pins this weather (wind takes kites)
    water: bool = False  # only where there is water to sail on
    outdoor: bool = False  # nobody flies a kite in a classroom


@dataclass(frozen=True)
class Outfit:
    scene: str  # for the character design: "a yellow raincoat and red boots"
    line: Pair  # a predicate: "{hero} <line>."
    kind: str = "day"  # "day", "cold" or "night"


# Colour keyword → Korean adjective used right before a noun.
COLORS: dict[str, str] = {k: c.ko for k, c in vocabulary().colors.items()}

# The world's data: data/world.yaml, validated against the dataclasses above.
_W = story_data.read("world.yaml")
_at = "world.yaml"
TOY_COLORS: tuple[str, ...] = story_data.validate(tuple[str, ...], _W["toy_colors"], _at)
WEATHER_ADJ: dict[str, Pair] = story_data.validate(dict[str, Pair], _W["weather_adj"], _at)
# A line about the day's weather, for the setup.
WEATHER_LINES: dict[str, Pair] = story_data.validate(dict[str, Pair], _W["weather_lines"], _at)
STYLES: tuple[str, ...] = story_data.validate(tuple[str, ...], _W["styles"], _at)
HAIR: tuple[str, ...] = story_data.validate(tuple[str, ...], _W["hair"], _at)
OUTFITS: tuple[Outfit, ...] = story_data.validate(tuple[Outfit, ...], _W["outfits"], _at)
ANIMALS: dict[str, Animal] = story_data.validate(
    dict[str, Animal], story_data.keyed(_W["animals"], "kind"), _at
)
PAL_NAMES: tuple[Pair, ...] = story_data.validate(tuple[Pair, ...], _W["pal_names"], _at)
TOYS: dict[str, Toy] = story_data.validate(
    dict[str, Toy], story_data.keyed(_W["toys"], "kind"), _at
)
CAKE_FLAVORS: tuple[Pair, ...] = story_data.validate(tuple[Pair, ...], _W["cake_flavors"], _at)
SETTINGS: dict[str, Setting] = story_data.validate(
    dict[str, Setting], story_data.keyed(_W["settings"], "key"), _at
)
# The lesson a story ends on. Values are what themes ask for; each plot supports a few.
LESSONS: dict[str, tuple[Pair, ...]] = story_data.validate(
    dict[str, tuple[Pair, ...]], _W["lessons"], _at
)
# Sentences with `[a|b]` wordings: each language must offer the same groups.
for _where, _pairs in (
    ("lessons", [p for ps in LESSONS.values() for p in ps]),
    ("settings about", [p for s in SETTINGS.values() for p in s.about]),
    ("weather_lines", list(WEATHER_LINES.values())),
    ("toys", [p for t in TOYS.values() for p in (t.lost, t.play, t.together)]),
    ("animals trait", [a.trait for a in ANIMALS.values()]),
    ("outfits", [o.line for o in OUTFITS]),
):
    for _pair in _pairs:
        check_alternatives(_pair, f"world.yaml {_where}")

# Words in a theme or extra prompt that steer the story: data, in lib/vocabulary/concepts.yaml.
_VOCAB = vocabulary()
VALUE_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("value")
SETTING_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("setting")
# Rain steers the plot rather than the place.
STORM_WORDS: tuple[str, ...] = _VOCAB.of_kind("weather")["storm"]
ANIMAL_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("animal")
TOY_WORDS: dict[str, tuple[str, ...]] = _VOCAB.of_kind("toy")
COLOR_WORDS: dict[str, tuple[str, ...]] = {k: tuple(c.words) for k, c in _VOCAB.colors.items()}

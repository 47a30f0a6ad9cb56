"""Reading a request's theme for known words, and choosing plot, place and cast from them.

Whatever the theme does not decide is picked by the seeded random generator, so the same
request always gets the same choices.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from moretale_assets.lib.providers.offline.story_beats import Plot
from moretale_assets.lib.providers.offline.story_grammar import (
    ANIMAL_WORDS,
    ANIMALS,
    CAKE_FLAVORS,
    COLOR_WORDS,
    HAIR,
    LESSONS,
    OUTFITS,
    PAL_NAMES,
    SETTING_WORDS,
    SETTINGS,
    STORM_WORDS,
    STYLES,
    TOY_COLORS,
    TOY_WORDS,
    TOYS,
    VALUE_WORDS,
    Outfit,
    Pair,
    Setting,
    Toy,
)
from moretale_assets.lib.providers.offline.story_plots import PLOTS
from moretale_assets.lib.providers.offline.word_match import Words

# Who may turn up in which plot, besides the companion.
NEWCOMERS = ("penguin", "elephant", "turtle", "owl", "fox", "mouse", "squirrel", "duck", "frog",
             "rabbit", "bear", "cat", "dog", "bird")  # fmt: skip
TOY_FINDERS = ("fox", "bear", "squirrel", "mouse", "rabbit", "penguin", "duck", "frog", "cat",
               "dog", "bird")  # fmt: skip
HUNGRY = ("squirrel", "bird", "mouse", "duck", "frog", "rabbit", "fox", "bear", "turtle")
NIGHT_PALS = ("owl", "cat", "dog", "bear", "rabbit", "dragon", "bird", "mouse", "fox")
HELPERS = ("owl", "bird", "squirrel", "frog", "turtle", "duck", "rabbit")
UMBRELLA_COLORS = ("yellow", "red", "blue", "green", "pink", "purple")


@dataclass(frozen=True)
class Hints:
    """What the theme and extra prompt ask for, in the order they mention it."""

    values: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    storm: bool = False
    animals: tuple[str, ...] = ()
    toy: str | None = None
    colors: tuple[tuple[str, str], ...] = ()  # (animal or toy, colour) asked for together
    toy_theme: bool = False  # the theme itself is a toy: the book is about losing and finding it


def _ranked(words: Words, table: dict[str, tuple[str, ...]]) -> list[tuple[int, str]]:
    """(position, key) for every key of `table` the text mentions, first mention first."""
    found = []
    for key, options in table.items():
        positions = [p for w in options if (p := words.find(w)) is not None]
        if positions:
            found.append((min(positions), key))
    return sorted(found)


def _color_before(words: Words, start: int) -> str | None:
    """A colour named by one of the two words right before position `start` ("a purple dragon")."""
    before = [t for t in words.tokens if t.start < start][-2:]
    for token in reversed(before):
        for color, options in COLOR_WORDS.items():
            if Words(token.text).has(*options):
                return color
    return None


def read_hints(theme: str, extra_prompt: str) -> Hints:
    words = Words(f"{theme}\n{extra_prompt}")
    animals = _ranked(words, ANIMAL_WORDS)
    toys = _ranked(words, TOY_WORDS)
    colors = [
        (key, color)
        for pos, key in (*animals, *toys)
        if (color := _color_before(words, pos)) is not None
    ]
    return Hints(
        values=tuple(key for _, key in _ranked(words, VALUE_WORDS)),
        settings=tuple(key for _, key in _ranked(words, SETTING_WORDS)),
        storm=words.has(*STORM_WORDS),
        animals=tuple(key for _, key in animals),
        toy=toys[0][1] if toys else None,
        colors=tuple(colors),
        toy_theme=bool(_ranked(Words(theme), TOY_WORDS)),
    )


# --- choices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    kind: str
    color: str


@dataclass(frozen=True)
class Choices:
    plot: Plot
    setting: Setting
    value: str
    lesson: Pair
    title: Pair
    style: str
    hair: str
    outfit: Outfit
    pal: Cast
    pal_name: Pair
    guests: tuple[Cast, Cast, Cast]
    helper: Cast
    toy: Toy
    toy_color: str
    umbrella_color: str
    flavor: Pair

    @property
    def base_weather(self) -> str:
        """The weather the book starts with: a clear, starry sky for bedtime stories."""
        return "starry" if self.plot.track == "night" else self.setting.weather


def _choose_plot_and_setting(hints: Hints, rng: random.Random) -> tuple[Plot, Setting]:
    plots = list(PLOTS.values())
    # Plots built around what the theme names come first (in the order it names them), then
    # plots that can carry one of its values, then any plot.
    own = [PLOTS["storm"]] if hints.storm else []
    own += [PLOTS["lost_toy"]] if hints.toy_theme else []
    own += [p for v in hints.values for p in plots if p.values[0] == v]
    able = [p for p in plots if any(v in p.values for v in hints.values)]
    # A place the theme names is kept even if that means another plot: a book about friendship
    # in space is still set in space.
    for wanted in (hints.settings, ()):

        def places(plot: Plot, wanted: tuple[str, ...] = wanted) -> list[str]:
            return [s for s in plot.settings if not wanted or s in wanted]

        first_own = next((p for p in own if places(p)), None)
        if first_own is not None:
            return first_own, SETTINGS[rng.choice(places(first_own))]
        for group in (able, plots):
            fitting = [p for p in group if places(p)]
            if fitting:
                plot = rng.choice(fitting)
                return plot, SETTINGS[rng.choice(places(plot))]
    raise AssertionError("every plot has at least one setting")


def _pick(rng: random.Random, options: tuple[str, ...] | list[str], avoid: set[str]) -> str:
    allowed = [o for o in options if o not in avoid]
    return rng.choice(allowed or list(options))


def choose(hints: Hints, rng: random.Random, hero_names: tuple[str, ...]) -> Choices:
    plot, setting = _choose_plot_and_setting(hints, rng)
    value = hints.values[0] if hints.values else plot.values[0]
    asked_colors = dict(hints.colors)

    def cast(kind: str) -> Cast:
        color = asked_colors.get(kind) or rng.choice(ANIMALS[kind].colors)
        return Cast(kind, color)

    asked = list(hints.animals)
    pal_options = list(setting.pals)
    if plot.track == "night":
        pal_options = [k for k in pal_options if k in NIGHT_PALS] or pal_options
    pal_kind = asked.pop(0) if asked else rng.choice(pal_options)
    taken = {pal_kind}

    if plot.key == "way_home":
        pool: tuple[str, ...] | list[str] = setting.locals
    elif plot.key == "new_friend":
        pool = NEWCOMERS
    elif plot.key == "picnic":
        pool = HUNGRY
    else:
        pool = TOY_FINDERS
    guests: list[Cast] = []
    for _ in range(3):
        kind = asked.pop(0) if asked and asked[0] not in taken else _pick(rng, pool, taken)
        taken.add(kind)
        guests.append(cast(kind))
    helper_kind = _pick(rng, [*setting.locals, *HELPERS], taken | {"dragon", "elephant"})

    toys = [
        t
        for t in TOYS.values()
        if (setting.water or not t.water) and not (t.outdoor and setting.indoor)
    ]
    toy = TOYS[hints.toy] if hints.toy and hints.toy in [t.kind for t in toys] else rng.choice(toys)
    outfit_kind = (
        "night" if plot.track == "night" else "cold" if setting.key == "snowfield" else "day"
    )
    names = [n for n in PAL_NAMES if n[0] not in hero_names and n[1] not in hero_names]

    return Choices(
        plot=plot,
        setting=setting,
        value=value,
        lesson=rng.choice(LESSONS[value]),
        title=rng.choice(plot.titles),
        style=rng.choice(STYLES),
        hair=rng.choice(HAIR),
        outfit=rng.choice([o for o in OUTFITS if o.kind == outfit_kind]),
        pal=cast(pal_kind),
        pal_name=rng.choice(names),
        guests=(guests[0], guests[1], guests[2]),
        helper=cast(helper_kind),
        toy=toy,
        toy_color=asked_colors.get(toy.kind) or rng.choice(TOY_COLORS),
        umbrella_color=rng.choice(UMBRELLA_COLORS),
        flavor=rng.choice(CAKE_FLAVORS),
    )

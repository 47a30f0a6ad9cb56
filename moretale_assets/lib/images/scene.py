"""Read a free English illustration prompt into a small, drawable `Scene`.

Matching is case-insensitive and on whole words only, so "snowfield" never counts as "snow"
and "cathedral" never as "cat". Everything has a default, so any prompt yields a scene.
Prompts often repeat themselves (prefix + scene + "reference details"), so repeated mentions
of a thing are merged with `max`, never summed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from moretale_assets.lib.vocabulary import vocabulary

HUMANS = ("girl", "boy", "child")
# The animals the planner can draw are the vocabulary's animals (lib/vocabulary/concepts.yaml).
ANIMALS = tuple(vocabulary().of_kind("animal"))
OBJECTS = (
    "tree",
    "flower",
    "house",
    "boat",
    "kite",
    "ball",
    "lantern",
    "moon",
    "star",
    "book",
    "cake",
    "balloon",
    "bridge",
    "tent",
    "umbrella",
    "map",
    "shell",
    "apple",
    "hat",
    "scarf",
)
SETTINGS = (
    "forest",
    "beach",
    "sea",
    "ocean",
    "meadow",
    "garden",
    "park",
    "mountain",
    "village",
    "town",
    "city",
    "bedroom",
    "kitchen",
    "classroom",
    "river",
    "lake",
    "snowfield",
    "desert",
    "space",
    "castle",
    "market",
)
INDOOR = frozenset({"bedroom", "kitchen", "classroom"})
TIMES = ("dawn", "morning", "day", "noon", "afternoon", "sunset", "evening", "night")
WEATHER = ("sunny", "rain", "snow", "cloudy", "windy", "rainbow", "fog", "stars")
FRAMINGS = ("wide", "medium", "close")
MOODS = ("happy", "sad", "scared", "excited", "calm", "surprised")
COLOURS = (
    "red",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "brown",
    "white",
    "black",
    "golden",
    "silver",
    "gray",
)
HAIR_STYLES = ("short", "long", "curly", "pigtails", "ponytail", "bun")
GARMENTS = ("shirt", "coat", "dress")

DEFAULT_SETTING = "meadow"
DEFAULT_TIME = "day"
DEFAULT_MOOD = "happy"
DEFAULT_FRAMING = "medium"
MAX_PER_KIND = 5


# word -> canonical value. Synonyms are kept few and unambiguous: a wrong guess draws a
# wrong picture, while a miss only falls back to a default.
_SETTING_WORDS = {
    **{s: s for s in SETTINGS},
    "forests": "forest",
    "woods": "forest",
    "woodland": "forest",
    "jungle": "forest",
    "seaside": "beach",
    "shore": "beach",
    "seashore": "beach",
    "waves": "sea",
    "meadows": "meadow",
    "field": "meadow",
    "fields": "meadow",
    "grassland": "meadow",
    "gardens": "garden",
    "playground": "park",
    "mountains": "mountain",
    "hills": "mountain",
    "peaks": "mountain",
    "villages": "village",
    "street": "town",
    "streets": "town",
    "bedtime": "bedroom",
    "bed": "bedroom",
    "school": "classroom",
    "stream": "river",
    "creek": "river",
    "riverbank": "river",
    "pond": "lake",
    "lakeside": "lake",
    "snowfields": "snowfield",
    "tundra": "snowfield",
    "arctic": "snowfield",
    "antarctica": "snowfield",
    "dunes": "desert",
    "planet": "space",
    "planets": "space",
    "galaxy": "space",
    "rocket": "space",
    "spaceship": "space",
    "palace": "castle",
    "bazaar": "market",
    "marketplace": "market",
}
_TIME_WORDS = {
    **{t: t for t in TIMES},
    "sunrise": "dawn",
    "daybreak": "dawn",
    "midday": "noon",
    "daytime": "day",
    "daylight": "day",
    "dusk": "sunset",
    "twilight": "evening",
    "nighttime": "night",
    "midnight": "night",
    "tonight": "night",
    "moonlight": "night",
    "moonlit": "night",
}
_WEATHER_WORDS = {
    "sun": "sunny",
    "sunny": "sunny",
    "sunshine": "sunny",
    "rain": "rain",
    "rainy": "rain",
    "raining": "rain",
    "raindrops": "rain",
    "drizzle": "rain",
    "storm": "rain",
    "stormy": "rain",
    "snow": "snow",
    "snowy": "snow",
    "snowing": "snow",
    "snowflakes": "snow",
    "cloudy": "cloudy",
    "clouds": "cloudy",
    "overcast": "cloudy",
    "windy": "windy",
    "wind": "windy",
    "breeze": "windy",
    "breezy": "windy",
    "rainbow": "rainbow",
    "fog": "fog",
    "foggy": "fog",
    "mist": "fog",
    "misty": "fog",
    "stars": "stars",
    "starry": "stars",
    "starlight": "stars",
}
_MOOD_WORDS = {
    **{m: m for m in MOODS},
    "joyful": "happy",
    "smiling": "happy",
    "cheerful": "happy",
    "glad": "happy",
    "laughing": "happy",
    "delighted": "happy",
    "unhappy": "sad",
    "crying": "sad",
    "lonely": "sad",
    "tearful": "sad",
    "upset": "sad",
    "afraid": "scared",
    "frightened": "scared",
    "nervous": "scared",
    "worried": "scared",
    "fearful": "scared",
    "thrilled": "excited",
    "eager": "excited",
    "jumping": "excited",
    "cheering": "excited",
    "peaceful": "calm",
    "sleepy": "calm",
    "relaxed": "calm",
    "quiet": "calm",
    "serene": "calm",
    "amazed": "surprised",
    "astonished": "surprised",
    "shocked": "surprised",
    "startled": "surprised",
}
_COLOUR_WORDS = {
    **{c: c for c in COLOURS},
    "grey": "gray",
    "gold": "golden",
    "blonde": "golden",
    "blond": "golden",
    "ginger": "orange",
    "violet": "purple",
    "navy": "blue",
    "crimson": "red",
    "scarlet": "red",
    "lavender": "purple",
    "dark": "black",
}
# "dark" is a colour only for hair ("dark hair"); a "dark forest" is not black.
_NOT_FOR_THINGS = frozenset({"dark"})

_HUMAN_WORDS: dict[str, tuple[str, int]] = {
    "girl": ("girl", 1),
    "girls": ("girl", 2),
    "sister": ("girl", 1),
    "boy": ("boy", 1),
    "boys": ("boy", 2),
    "brother": ("boy", 1),
    "child": ("child", 1),
    "kid": ("child", 1),
    "toddler": ("child", 1),
    "children": ("child", 2),
    "kids": ("child", 2),
}
_IRREGULAR_PLURALS = {"mice": "mouse", "foxes": "fox", "scarves": "scarf", "bunnies": "rabbit"}
_ALIASES = {"bunny": "rabbit", "kitten": "cat", "puppy": "dog", "teddy": "bear"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "pair": 2, "couple": 2}
_MANY = frozenset({"many", "several", "some", "lots", "few", "group", "family", "bunch"})
_NEGATORS = frozenset({"no", "without", "not", "never"})
# Adjectives allowed between a colour and its noun ("a brown fluffy bear").
_FILLERS = frozenset(
    {
        "little",
        "small",
        "tiny",
        "big",
        "large",
        "huge",
        "fluffy",
        "furry",
        "friendly",
        "cute",
        "baby",
        "old",
        "wise",
        "young",
        "round",
        "bright",
        "shiny",
        "paper",
        "soft",
        "striped",
        "spotted",
        "light",
        "pale",
        "tall",
        "and",
    }
)
_TOPS = {
    "raincoat": "coat",
    "coat": "coat",
    "jacket": "coat",
    "cape": "coat",
    "cloak": "coat",
    "dress": "dress",
    "skirt": "dress",
    "gown": "dress",
    "shirt": "shirt",
    "sweater": "shirt",
    "jumper": "shirt",
    "hoodie": "shirt",
    "top": "shirt",
    "cardigan": "shirt",
    "tunic": "shirt",
    "overalls": "shirt",
    "pajamas": "shirt",
    "pyjamas": "shirt",
    "onesie": "shirt",
    "vest": "shirt",
    "uniform": "shirt",
}
_SHOES = frozenset({"boots", "shoes", "sneakers", "wellies", "wellingtons", "trainers", "sandals"})
_LEGWEAR = frozenset({"trousers", "pants", "shorts", "jeans", "leggings", "tights"})
_SKIN = {
    "fair": "fair",
    "pale": "fair",
    "light": "fair",
    "olive": "tan",
    "tan": "tan",
    "tanned": "tan",
    "golden": "tan",
    "brown": "brown",
    "dark": "deep",
    "black": "deep",
    "deep": "deep",
}
_HAIR_STYLE_WORDS = {
    "short": "short",
    "long": "long",
    "curly": "curly",
    "afro": "curly",
    "wavy": "long",
    "pigtails": "pigtails",
    "braids": "pigtails",
    "plaits": "pigtails",
    "ponytail": "ponytail",
    "bun": "bun",
    "bob": "short",
    "fluffy": "curly",
}
# Hair styles that say how the hair is done, so they win over its length ("long ... in two braids").
_DONE_HAIR = frozenset({"pigtails", "braids", "plaits", "ponytail", "bun", "afro", "bob"})
# The look of a picture by style family: palette and line treatment (draw/style.py).
STYLE_FAMILIES = ("flat", "watercolor", "pencil", "gouache")
_STYLE_WORDS = {
    "watercolor": "watercolor",
    "watercolour": "watercolor",
    "aquarelle": "watercolor",
    "pencil": "pencil",
    "pencils": "pencil",
    "crayon": "pencil",
    "crayons": "pencil",
    "sketch": "pencil",
    "gouache": "gouache",
    "painted": "gouache",
    "acrylic": "gouache",
    "oil": "gouache",
    "digital": "flat",
    "vector": "flat",
    "flat": "flat",
}
# Words that put the hero in bed, where a coat and boots would be wrong.
_IN_BED = frozenset({"bed", "sleeps", "asleep", "sleeping", "pajamas", "pyjamas"})
_STYLE_AFTER = frozenset(
    {"style", "styled", "illustration", "illustrations", "art", "artwork", "cover", "aesthetic"}
)
_STYLE_BEFORE = frozenset({"picture", "story", "fairytale", "comic"})
_GENRES = frozenset({"book", "books", "story", "stories", "fairy", "tale", "illustration"})
_HAIR_FILLERS = _FILLERS | set(_HAIR_STYLE_WORDS) | {"straight", "messy", "shiny", "thick"}
_SPACE_HINTS = frozenset({"outer", "planet", "planets", "rocket", "galaxy", "spaceship"})
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Character:
    species: str  # "girl" | "boy" | "child" or one of ANIMALS
    colour: str | None = None  # body colour for animals, clothes colour for children
    hero: bool = False


@dataclass(frozen=True)
class Thing:
    kind: str  # one of OBJECTS
    colour: str | None = None
    count: int = 1


@dataclass(frozen=True)
class HeroLook:
    """How the hero looks; read from the character description so every page agrees."""

    hair: str | None = None
    hair_style: str | None = None
    clothes: str | None = None
    garment: str | None = None  # "shirt" | "coat" | "dress"
    shoes: str | None = None
    legs: str | None = None
    skin: str | None = None  # "fair" | "tan" | "brown" | "deep"


@dataclass(frozen=True)
class Scene:
    setting: str = DEFAULT_SETTING
    time_of_day: str = DEFAULT_TIME
    weather: frozenset[str] = frozenset()
    characters: tuple[Character, ...] = (Character("child", hero=True),)
    objects: tuple[Thing, ...] = ()
    framing: str = DEFAULT_FRAMING
    mood: str = DEFAULT_MOOD
    hero_look: HeroLook = field(default_factory=HeroLook)
    style: str = "flat"  # one of STYLE_FAMILIES

    @property
    def indoor(self) -> bool:
        return self.setting in INDOOR

    @property
    def hero(self) -> Character | None:
        return next((c for c in self.characters if c.hero), None)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    word = _ALIASES.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2] in {"fox", "bus", "box"}:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return _ALIASES.get(word[:-1], word[:-1])
    return word


def _is_plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss"))


def _negated(tokens: Sequence[str], i: int) -> bool:
    return i > 0 and tokens[i - 1] in _NEGATORS


def _about_style(tokens: Sequence[str], i: int) -> bool:
    """True for words that describe the art, not the picture: "picture book style",
    "children's book illustration", "storybook art"."""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i > 0 else ""
    if after in _STYLE_AFTER or before in _STYLE_BEFORE:
        return True
    return before == "s" and i >= 2 and tokens[i - 2] in {"children", "kids"}


def _genre(tokens: Sequence[str], i: int) -> bool:
    """ "children's book" or "kids story" name a genre, not children in the picture."""
    nxt = tokens[i + 1 : i + 3]
    if nxt[:1] == ["s"]:
        nxt = nxt[1:]
    return bool(nxt) and (nxt[0] in _GENRES or nxt[0] in _STYLE_AFTER)


def _colour_before(tokens: Sequence[str], i: int, *, hair: bool = False) -> str | None:
    """The colour word right before tokens[i], skipping a couple of harmless adjectives."""
    fillers = _HAIR_FILLERS if hair else _FILLERS
    for j in range(i - 1, max(-1, i - 4), -1):
        word = tokens[j]
        colour = _COLOUR_WORDS.get(word)
        if colour is not None and (hair or word not in _NOT_FOR_THINGS):
            return colour
        if word not in fillers:
            return None
    return None


def _count_before(tokens: Sequence[str], i: int, plural: bool) -> int:
    for j in range(i - 1, max(-1, i - 4), -1):
        word = tokens[j]
        if word in _NUMBERS:
            return _NUMBERS[word]
        if word.isdigit() and 0 < int(word) < 10:
            # "5-year-old girl" is an age, not a count.
            return 1 if j + 1 < len(tokens) and tokens[j + 1] == "year" else int(word)
        if word in _MANY:
            return 3
        if word not in _FILLERS and _COLOUR_WORDS.get(word) is None:
            break
    return 2 if plural else 1


def _first_most(found: Iterable[str], default: str) -> str:
    """The most mentioned value; ties go to the one mentioned first."""
    order: dict[str, int] = {}
    for value in found:
        order[value] = order.get(value, 0) + 1
    if not order:
        return default
    return max(order, key=lambda v: (order[v], -list(order).index(v)))


def parse_setting(tokens: Sequence[str]) -> str:
    hits = [_SETTING_WORDS[t] for t in tokens if t in _SETTING_WORDS]
    # "space" is too common a word to outvote a real place ("space to play in the garden").
    others = [h for h in hits if h != "space"]
    if others and not _SPACE_HINTS & set(tokens):
        hits = others
    return _first_most(hits, DEFAULT_SETTING)


def parse_weather(tokens: Sequence[str]) -> frozenset[str]:
    found: set[str] = set()
    for i, tok in enumerate(tokens):
        kind = _WEATHER_WORDS.get(tok)
        if kind is None or _negated(tokens, i):
            continue
        if kind == "stars" and _colour_before(tokens, i) is not None:
            continue  # "golden stars" are objects, not a starry sky
        found.add(kind)
    return frozenset(found)


def parse_time(tokens: Sequence[str], weather: frozenset[str]) -> str:
    hits = [_TIME_WORDS[t] for t in tokens if t in _TIME_WORDS]
    if not hits and "stars" in weather:
        return "night"
    return _first_most(hits, DEFAULT_TIME)


def parse_mood(tokens: Sequence[str]) -> str:
    return _first_most((_MOOD_WORDS[t] for t in tokens if t in _MOOD_WORDS), DEFAULT_MOOD)


def parse_framing(tokens: Sequence[str]) -> str:
    text = " ".join(tokens)
    patterns = (
        ("close", r"\b(close up|closeup|close ups|extreme close)\b"),
        ("wide", r"\b(wide shot|wide angle|long shot|establishing shot|panoramic|panorama)\b"),
        ("medium", r"\b(medium shot|mid shot|medium close)\b"),
    )
    hits = sorted(
        (m.start(), name) for name, pat in patterns for m in [re.search(pat, text)] if m is not None
    )
    return hits[0][1] if hits else DEFAULT_FRAMING


@dataclass
class _Tally:
    count: int = 0
    colours: list[str] = field(default_factory=list)
    first: int = 0

    def add(self, count: int, colour: str | None) -> None:
        self.count = max(self.count, count)
        if colour is not None and colour not in self.colours:
            self.colours.append(colour)


def _tally(tokens: Sequence[str], vocab: Iterable[str]) -> dict[str, _Tally]:
    wanted = set(vocab)
    tallies: dict[str, _Tally] = {}
    for i, tok in enumerate(tokens):
        kind = _singular(tok)
        if kind not in wanted or _negated(tokens, i) or _about_style(tokens, i):
            continue
        if kind == "star" and tok == "stars" and _colour_before(tokens, i) is None:
            continue  # a starry sky, handled as weather
        tally = tallies.setdefault(kind, _Tally(first=i))
        tally.add(_count_before(tokens, i, _is_plural(tok)), _colour_before(tokens, i))
    return tallies


def parse_humans(tokens: Sequence[str]) -> list[Character]:
    """The children in the picture; the first one mentioned is the hero."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        if tok not in _HUMAN_WORDS or _negated(tokens, i) or _genre(tokens, i):
            continue
        kind, plural_count = _HUMAN_WORDS[tok]
        n = _count_before(tokens, i, plural_count > 1)
        counts[kind] = max(counts.get(kind, 0), n)
        first.setdefault(kind, i)
    gendered = sorted((k for k in ("girl", "boy") if k in counts), key=first.__getitem__)
    species: list[str] = [k for k in gendered for _ in range(counts[k])]
    # "child" usually names the hero again; it only adds children beyond the gendered ones.
    species += ["child"] * max(0, counts.get("child", 0) - len(species))
    return [Character(s, hero=(n == 0)) for n, s in enumerate(species[:MAX_PER_KIND])]


def parse_animals(tokens: Sequence[str], *, hero_exists: bool) -> list[Character]:
    tallies = _tally(tokens, ANIMALS)
    out: list[Character] = []
    for kind, tally in sorted(tallies.items(), key=lambda kv: kv[1].first):
        n = min(MAX_PER_KIND, max(tally.count, len(tally.colours)))
        for k in range(n):
            colour = tally.colours[k % len(tally.colours)] if tally.colours else None
            out.append(Character(kind, colour))
    if not hero_exists and out:
        out[0] = Character(out[0].species, out[0].colour, hero=True)
    return out


def parse_objects(tokens: Sequence[str]) -> tuple[Thing, ...]:
    tallies = _tally(tokens, OBJECTS)
    ordered = sorted(tallies.items(), key=lambda kv: kv[1].first)
    return tuple(
        Thing(kind, t.colours[0] if t.colours else None, min(MAX_PER_KIND, t.count))
        for kind, t in ordered
    )


def _near_before(tokens: Sequence[str], i: int, table: dict[str, str], reach: int) -> str | None:
    for j in range(i - 1, max(-1, i - reach - 1), -1):
        if tokens[j] in table:
            return table[tokens[j]]
    return None


def parse_hero_look(tokens: Sequence[str]) -> HeroLook:
    """Hair, clothes and shoes of the hero ("short black hair, a yellow raincoat, red boots")."""
    hair = hair_style = clothes = garment = shoes = legs = skin = None
    for i, tok in enumerate(tokens):
        if tok in {"hair", "haired"}:
            hair = hair or _colour_before(tokens, i, hair=True)
            hair_style = hair_style or _near_before(tokens, i, _HAIR_STYLE_WORDS, 3)
        elif tok in _DONE_HAIR:
            if hair_style in (None, "long", "short"):  # "long hair in two braids": braids
                hair_style = _HAIR_STYLE_WORDS[tok]
            hair = hair or _colour_before(tokens, i, hair=True)
        elif tok in _TOPS and clothes is None:
            clothes = _colour_before(tokens, i)
            garment = _TOPS[tok]
        elif tok in _SHOES:
            shoes = shoes or _colour_before(tokens, i)
        elif tok in _LEGWEAR:
            legs = legs or _colour_before(tokens, i)
        elif tok in {"skin", "skinned"}:
            skin = skin or _near_before(tokens, i, _SKIN, 2)
    return HeroLook(hair, hair_style, clothes, garment, shoes, legs, skin)


def named_things(text: str) -> set[str]:
    """The animals and things the planner can draw that an English text names, read the way
    the planner reads a prompt (plurals, "bunny" for rabbit)."""
    drawable = set(ANIMALS) | set(OBJECTS)
    return {kind for tok in tokenize(text) if (kind := _singular(tok)) in drawable}


def drawn_things(scene: Scene) -> set[str]:
    """What the planner will draw: the scene planner's report of a picture's content."""
    return {c.species for c in scene.characters} | {t.kind for t in scene.objects}


def parse_style(tokens: Sequence[str]) -> str:
    """The style family the prompt asks for (its first style word), flat when it names none."""
    return next((_STYLE_WORDS[t] for t in tokens if t in _STYLE_WORDS), "flat")


def _dressed_for(look: HeroLook, tokens: Sequence[str], setting: str) -> HeroLook:
    """In bed the hero wears pyjamas (a plain top in the outfit's colour), not a coat and boots."""
    if setting == "bedroom" and not _IN_BED.isdisjoint(tokens) and look.garment != "shirt":
        return replace(look, garment="shirt", shoes=None)
    return look


def parse_scene(prompt: str) -> Scene:
    """Turn any English prompt into a Scene; a prompt with no known words gives a child in a
    meadow by day."""
    tokens = tokenize(prompt)
    weather = parse_weather(tokens)
    humans = parse_humans(tokens)
    setting = parse_setting(tokens)
    look = _dressed_for(parse_hero_look(tokens), tokens, setting) if humans else HeroLook()
    if humans and look.clothes:
        humans[0] = Character(humans[0].species, look.clothes, hero=True)
    animals = parse_animals(tokens, hero_exists=bool(humans))
    characters = tuple(humans + animals) or (Character("child", hero=True),)
    return Scene(
        setting=setting,
        time_of_day=parse_time(tokens, weather),
        weather=weather,
        characters=characters,
        objects=parse_objects(tokens),
        framing=parse_framing(tokens),
        mood=parse_mood(tokens),
        hero_look=look,
        style=parse_style(tokens),
    )

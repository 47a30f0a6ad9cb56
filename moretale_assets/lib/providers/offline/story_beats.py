"""Building blocks of a plot: beats (one page each), acts and plots.

A plot lists more beats than a short book can hold; each beat has a priority so the writer can
keep the essential ones (priority 0) and add detail as the page count grows. A beat may only
depend on beats of the same or a lower priority number that come before it, which keeps every
selection coherent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moretale_assets.lib.providers.offline.story_grammar import Pair

TIMES = ("dawn", "morning", "noon", "afternoon", "sunset", "evening", "night")
WEATHERS = ("sunny", "rainy", "snowy", "cloudy", "windy", "rainbow", "foggy", "starry")
MOODS = ("happy", "sad", "scared", "excited", "calm", "surprised")
SHOTS = ("wide shot", "medium shot", "close-up")
PLACES = ("setting", "home", "bedroom", "kitchen")  # "home": outside the hero's house
TOY_WEATHER = "@toy"  # the weather the toy's loss brings (wind for a kite)


@dataclass(frozen=True)
class Beat:
    lines: tuple[Pair, ...]  # variants of the page text; the seed picks one
    scene: str  # what happens in the picture, after "<shot> of <place> <time>; "
    prio: int = 1
    place: str = "setting"
    time: str | None = None  # the text names this time of day, so the picture must show it
    weather: str | None = None
    shot: str = "medium shot"
    mood: str = "happy"
    more: Pair | None = None  # an extra sentence for readers aged 6 and up
    only: tuple[str, ...] = ()  # setting keys this beat is written for
    skip: tuple[str, ...] = ()  # setting keys where it would not make sense

    def fits(self, setting: str) -> bool:
        return (not self.only or setting in self.only) and setting not in self.skip


def beat(en: str, ko: str, scene: str, **options: Any) -> Beat:
    """A beat with a single wording."""
    return Beat(lines=((en, ko),), scene=scene, **options)


@dataclass(frozen=True)
class Act:
    compact: tuple[Beat, ...]  # the whole act on one page; the first that fits the setting
    beats: tuple[Beat, ...]


@dataclass(frozen=True)
class Plot:
    key: str
    titles: tuple[Pair, ...]
    values: tuple[str, ...]  # lessons it can end on; the first is its own
    settings: tuple[str, ...]
    track: str  # "day" runs morning to night; "night" starts at bedtime
    setup: Act
    rising: Act
    climax: Act
    resolution: Act

    @property
    def acts(self) -> tuple[Act, Act, Act, Act]:
        return (self.setup, self.rising, self.climax, self.resolution)

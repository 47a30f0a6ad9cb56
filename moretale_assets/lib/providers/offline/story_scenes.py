"""Scene prompts in the offline illustrator's vocabulary: shot, place, weather, time, action."""

from __future__ import annotations

import re
from collections import Counter

from moretale_assets.lib.images.scene import drawn_things, named_things, parse_scene
from moretale_assets.lib.providers.offline.story_beats import Beat
from moretale_assets.lib.providers.offline.story_grammar import COLORS, Setting
from moretale_assets.lib.providers.offline.story_render import (
    SlotValue,
    capitalize,
    render,
    with_article,
)

TIME_PHRASES = {
    "dawn": "at dawn",
    "morning": "in the morning",
    "noon": "at noon",
    "afternoon": "in the afternoon",
    "sunset": "at sunset",
    "evening": "in the evening",
    "night": "at night",
}
INDOOR_PLACES = {"bedroom": "cozy bedroom", "kitchen": "warm kitchen"}
SCENE_OBJECTS = ("tree", "flower", "house", "boat", "kite", "ball", "lantern", "moon", "star",
                 "book", "cake", "balloon", "bridge", "tent", "umbrella", "map", "shell", "apple",
                 "hat", "scarf")  # fmt: skip
_OBJECT_RE = re.compile(
    rf"\b(?:({'|'.join(COLORS)}) )?({'|'.join(SCENE_OBJECTS)})s?\b", re.IGNORECASE
)


def _visible_weather(weather: str, time: str, indoor: bool) -> str | None:
    """The weather word to draw: none indoors, stars on a clear night, no sun after sunset."""
    if indoor:
        return None
    if weather in ("sunny", "starry"):
        if time == "night":
            return "starry"
        return "sunny" if weather == "sunny" and time not in ("sunset", "evening") else None
    return weather


def where(setting: Setting, place: str, weather: str, time: str) -> str:
    """ "a rainy forest in the afternoon", "a cozy bedroom at night", "starry space at night"."""
    if place == "home" and setting.home_scene:
        noun, indoor, needs_article = setting.home_scene, False, True
    else:
        noun = INDOOR_PLACES.get(place, setting.scene)
        indoor = place in INDOOR_PLACES or setting.indoor
        needs_article = place != "setting" or setting.article
    shown = _visible_weather(weather, time, indoor)
    if shown and shown != "rainbow":
        noun = f"{shown} {noun}"
    phrase = with_article(noun) if needs_article else noun
    if shown == "rainbow":
        phrase += " under a rainbow"
    return f"{phrase} {TIME_PHRASES[time]}"


def scene_prompt(
    b: Beat, setting: Setting, time: str, weather: str, slots: dict[str, SlotValue]
) -> str:
    action = render(b.scene, {**slots, "child": f"the {b.mood} child"}, korean_text=False)
    return f"{capitalize(b.shot)} of {where(setting, b.place, weather, time)}; {action}."


def motifs(scenes: list[str], limit: int = 3) -> list[str]:
    """The objects drawn most often across the book, with their colour, for the cover."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for scene in scenes:
        for match in _OBJECT_RE.finditer(scene):
            color, obj = match.group(1), match.group(2).lower()
            counts[obj] += 1
            if obj not in shown or (color and " " not in shown[obj]):
                shown[obj] = f"{color.lower()} {obj}" if color else obj
    ranked = sorted(counts, key=lambda o: -counts[o])[:limit]
    return ["the moon" if o == "moon" else with_article(shown[o]) for o in ranked]


def cover_prompt(
    prefix: str, setting: Setting, weather: str, time: str, pal: str, scenes: list[str]
) -> str:
    things = motifs(scenes)
    with_things = ""
    if things:
        listed = things[0] if len(things) == 1 else f"{', '.join(things[:-1])} and {things[-1]}"
        with_things = f", with {listed}"
    return (
        f"{prefix}, front cover illustration, wide shot of "
        f"{where(setting, 'setting', weather, time)}; the happy child and {pal} together"
        f"{with_things}, no text, no letters"
    )


def with_named_things(scene: str, text_en: str, slots: dict[str, SlotValue], toy: str) -> str:
    """`scene` with every drawable thing the page's text names and the scene lacks ("the birds
    stopped singing", "my kite!"), so the picture shows what the page says."""
    missing = sorted(named_things(text_en) - drawn_things(parse_scene(scene)))
    if not missing:
        return scene
    named = [str(slots["toy"]) if kind == toy else with_article(kind) for kind in missing]
    return f"{scene.rstrip('.')}, with {', '.join(named)}."

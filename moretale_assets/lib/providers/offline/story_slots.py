"""The slot values a book's templates are filled with, in English, Korean and scene English."""

from __future__ import annotations

import random

from moretale_assets.lib import korean
from moretale_assets.lib.providers.offline.story_choices import Choices
from moretale_assets.lib.providers.offline.story_grammar import (
    ANIMALS,
    COLORS,
    WEATHER_ADJ,
    WEATHER_LINES,
)
from moretale_assets.lib.providers.offline.story_render import (
    Ko,
    SlotValue,
    capitalize,
    render,
    with_article,
)
from moretale_assets.lib.providers.offline.story_wording import phrase

Slots = dict[str, SlotValue]


def hero_names(child_name: str) -> tuple[str, Ko]:
    """The hero's name in English text (romanized if Hangul) and in Korean narration."""
    name = capitalize(child_name) if child_name[:1].isascii() else child_name
    en = korean.romanize_name(name) if korean.contains_hangul(name) else name
    return en, Ko(korean.narrative_name(name), call=name)


def build_slots(
    c: Choices, hero_en: str, hero_ko: Ko, rng: random.Random, phrasing: random.Random | None = None
) -> tuple[Slots, Slots, Slots]:
    """(English, Korean, scene) slots. Scene slots name things the way the illustrator reads
    them: an article, one colour keyword, then the noun ("a small white rabbit")."""
    s = c.setting
    pal = ANIMALS[c.pal.kind]
    toy_en = c.toy.name[0] or c.toy.kind
    toy_ko = c.toy.name[1] or c.toy.ko
    en: Slots = {
        "hero": hero_en,
        "hero_s": f"{hero_en}'s",
        "pal": c.pal_name[0],
        "pal_s": f"{c.pal_name[0]}'s",
        "pal_intro": f"a little {c.pal.color} {c.pal.kind} named {c.pal_name[0]}",
        "toy": f"{c.toy_color} {toy_en}",
        "toy_a": with_article(f"{c.toy_color} {toy_en}"),
        "toy_kind": toy_en,
        "Toy_kind": toy_en.title(),  # titles: "Where Did the Toy Boat Go?"
        "umbrella": f"{c.umbrella_color} umbrella",
        "food": f"{c.flavor[0]} cake",
        "food_kind": "cake",
        "setting": s.en,
        "at": s.en_at,
        "to": s.en_to,
        "home": s.home.en,
        "helper_a": with_article(ANIMALS[c.helper.kind].helper[0]),
    }
    ko: Slots = {
        "hero": hero_ko,
        "pal": Ko(c.pal_name[1]),
        "pal_intro": Ko(f"{COLORS[c.pal.color]} {pal.ko_young} {c.pal_name[1]}"),
        "toy": Ko(f"{COLORS[c.toy_color]} {toy_ko}"),
        "toy_a": Ko(f"{COLORS[c.toy_color]} {toy_ko}"),
        "toy_kind": Ko(toy_ko),
        "umbrella": Ko(f"{COLORS[c.umbrella_color]} 우산"),
        "food": Ko(f"{c.flavor[1]} 케이크"),
        "food_kind": Ko("케이크"),
        "setting": Ko(s.ko),
        "at": f"{s.ko}에서",
        "to": korean.josa(s.ko, "으로"),
        "home": Ko(s.home.ko),
        "helper_a": Ko(ANIMALS[c.helper.kind].helper[1]),
    }
    scene: Slots = {
        "pal": f"a small {c.pal.color} {c.pal.kind}",
        "helper": with_article(f"{c.helper.color} {c.helper.kind}"),
        "toy": with_article(f"{c.toy_color} {c.toy.kind}"),
        "umbrella": with_article(f"{c.umbrella_color} umbrella"),
        "food": with_article(f"{c.flavor[0]} cake"),
        "props": s.props,
        "home": s.home.scene,
    }
    for key, guest in zip(("guest", "g2", "g3"), c.guests, strict=True):
        animal = ANIMALS[guest.kind]
        en[key] = f"little {guest.kind}"
        en[f"{key}_a"] = f"a little {guest.color} {guest.kind}"
        en[f"{key}_kind"] = guest.kind
        ko[key] = Ko(animal.ko_young)
        ko[f"{key}_a"] = Ko(f"{COLORS[guest.color]} {animal.ko_young}")
        ko[f"{key}_kind"] = Ko(animal.ko)
        scene[key] = f"a little {guest.color} {guest.kind}"
    scene["guest_kind"] = c.guests[0].kind
    scene["guest_kinds"] = ANIMALS[c.guests[0].kind].plural or f"{c.guests[0].kind}s"
    for n, spot in enumerate(s.spots, start=1):
        en[f"spot{n}"], ko[f"spot{n}"], scene[f"spot{n}"] = spot.en, Ko(spot.ko), spot.scene
        en[f"spot{n}_np"], ko[f"spot{n}_np"] = spot.en_np, Ko(spot.ko_np)
    for key, place in (("crossing", s.crossing), ("den", s.den)):
        if place is not None:
            en[key], ko[key], scene[key] = place.en, Ko(place.ko), place.scene
    en["weather_adj"], ko["weather_adj"] = WEATHER_ADJ[c.base_weather]

    # Whole sentences chosen for this book; they may hold slots themselves.
    derived = {
        "toy_lost": c.toy.lost,
        "play": c.toy.play,
        "together": c.toy.together,
        "pal_trait": pal.trait,
        "about": rng.choice(s.about),
        "weather_line": WEATHER_LINES[c.base_weather],
        "outfit": c.outfit.line,
        "lesson": c.lesson,
    }
    # `[a|b]` groups in world.yaml's sentences; the test renders them without `phrasing`.
    worded = {k: phrase(v, phrasing or random.Random(0)) for k, v in derived.items()}
    rendered_en = {k: render(v[0], en, korean_text=False) for k, v in worded.items()}
    rendered_ko = {k: render(v[1], ko, korean_text=True) for k, v in worded.items()}
    en.update(rendered_en)
    ko.update(rendered_ko)
    return en, ko, scene

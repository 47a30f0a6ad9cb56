"""Children, drawn in the look the scene describes, so the hero matches on every page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from moretale_assets.lib.images.draw.canvas import Pen, outline_of
from moretale_assets.lib.images.draw.faces import draw_face
from moretale_assets.lib.images.draw.palette import (
    DEFAULT_SKIN,
    HAIR,
    RGB,
    SKIN,
    Point,
    darker,
    lighter,
    named,
    pick,
)
from moretale_assets.lib.images.scene import Character, HeroLook

CLOTHES: tuple[RGB, ...] = (
    (222, 64, 60),
    (66, 126, 212),
    (250, 208, 60),
    (88, 168, 78),
    (242, 140, 48),
    (144, 92, 192),
)
HAIR_CHOICES: tuple[RGB, ...] = (
    HAIR["brown"],
    HAIR["black"],
    HAIR["golden"],
    HAIR["red"],
    (78, 48, 30),
)
SKIN_CHOICES: tuple[RGB, ...] = (DEFAULT_SKIN, SKIN["tan"], SKIN["brown"], SKIN["fair"])
STYLES = {
    "girl": ("long", "pigtails", "ponytail", "bun"),
    "boy": ("short", "curly"),
    "child": ("short", "long", "curly"),
}
SHOULDER: Point = (0.13, -0.55)
# (elbow, hand) for the right arm; the left arm mirrors it.
ARM_POSES: dict[str, tuple[Point, Point]] = {
    "down": ((0.17, -0.45), (0.21, -0.32)),
    "wave": ((0.27, -0.6), (0.31, -0.8)),
    "cheer": ((0.26, -0.68), (0.34, -0.88)),
    "hug": ((0.2, -0.42), (0.05, -0.45)),
    "cheek": ((0.25, -0.52), (0.21, -0.66)),
    "up": ((0.27, -0.64), (0.25, -0.82)),
    "low": ((0.23, -0.45), (0.3, -0.37)),
}
MOOD_ARMS: dict[str, tuple[str, str]] = {
    "happy": ("down", "wave"),
    "excited": ("cheer", "cheer"),
    "sad": ("down", "down"),
    "scared": ("hug", "hug"),
    "calm": ("down", "down"),
    "surprised": ("cheek", "cheek"),
}


@dataclass(frozen=True)
class ChildLook:
    skin: RGB
    hair: RGB
    hair_style: str
    clothes: RGB
    garment: str
    legs: RGB
    shoes: RGB
    boots: bool
    hat: RGB | None = None
    scarf: RGB | None = None


def child_look(
    ch: Character, hero: bool, look: HeroLook, index: int, worn: dict[str, RGB]
) -> ChildLook:
    """The hero from the prompt's description; other children vary by position, never by seed."""
    key = ("hero", ch.species) if hero else ("friend", ch.species, index)
    look = look if hero else HeroLook()
    clothes = named(look.clothes, pick(CLOTHES, *key))
    garment = look.garment or ("dress" if ch.species == "girl" and pick((0, 1), *key) else "shirt")
    # The hero's skin is never guessed from a hash: only the prompt may set it.
    skin = SKIN.get(look.skin or "", DEFAULT_SKIN if hero else pick(SKIN_CHOICES, *key))
    return ChildLook(
        skin=skin,
        hair=named(look.hair, pick(HAIR_CHOICES, *key), HAIR),
        hair_style=look.hair_style or pick(STYLES[ch.species], *key),
        clothes=clothes,
        garment=garment,
        legs=named(look.legs, (70, 92, 150) if garment != "dress" else skin),
        shoes=named(look.shoes, (130, 78, 52)),
        boots=look.shoes is not None,
        hat=worn.get("hat") if hero else None,
        scarf=worn.get("scarf") if hero else None,
    )


def draw_child(pen: Pen, look: ChildLook, mood: str, hands: tuple[str, str]) -> dict[int, Point]:
    """A chibi child, feet at the pen origin. Returns the hands' picture positions by side."""
    poses = tuple(
        h if h != "mood" else MOOD_ARMS.get(mood, ("down", "down"))[i] for i, h in enumerate(hands)
    )
    child_back_hair(pen, look)
    child_legs(pen, look)
    child_body(pen, look)
    arms = {side: ARM_POSES[poses[0 if side < 0 else 1]] for side in (-1, 1)}
    for side, (elbow, hand) in arms.items():
        pts = [
            (SHOULDER[0] * side, SHOULDER[1]),
            (elbow[0] * side, elbow[1]),
            (hand[0] * side, hand[1]),
        ]
        pen.stroke(pts, outline_of(pen.c(look.clothes)), 0.085, tone=False)
        pen.stroke(pts, look.clothes, 0.065)
    if look.scarf is not None:
        pen.rect(-0.12, -0.6, 0.12, -0.53, look.scarf, r=0.03)
        pen.rect(0.04, -0.57, 0.1, -0.4, look.scarf, r=0.02)
    pen.rect(-0.035, -0.61, 0.035, -0.55, look.skin)
    child_head(pen, look, mood)
    out: dict[int, Point] = {}
    for side, (_, hand) in arms.items():
        pen.oval(hand[0] * side, hand[1], 0.04, 0.04, look.skin)
        out[side] = pen.p(hand[0] * side, hand[1])
    return out


def child_back_hair(pen: Pen, look: ChildLook) -> None:
    hair, style = look.hair, look.hair_style
    if style == "long":
        pen.rect(-0.22, -0.88, 0.22, -0.52, hair, r=0.1)
    elif style == "pigtails":
        for side in (-1, 1):
            pen.rot_oval(0.26 * side, -0.66, 0.065, 0.11, -25 * side, hair)
            pen.oval(0.21 * side, -0.76, 0.035, 0.03, look.clothes)
    elif style == "ponytail":
        pen.rot_oval(0.25, -0.68, 0.06, 0.14, -30, hair)
        pen.oval(0.2, -0.8, 0.035, 0.03, look.clothes)
    elif style == "bun":
        pen.oval(0.0, -0.97, 0.075, 0.065, hair)
    elif style == "curly":
        for i in range(11):
            a = math.radians(150 + i * 24)
            pen.oval(0.2 * math.cos(a), -0.77 + 0.19 * math.sin(a), 0.075, 0.075, hair)


def child_legs(pen: Pen, look: ChildLook) -> None:
    top = -0.3 if look.garment != "dress" else -0.24
    for side in (-1, 1):
        pen.stroke(
            [(0.065 * side, top), (0.075 * side, -0.06)],
            outline_of(pen.c(look.legs)),
            0.095,
            tone=False,
        )
        pen.stroke([(0.065 * side, top), (0.075 * side, -0.06)], look.legs, 0.075)
    for side in (-1, 1):
        if look.boots:
            pen.rect(0.03 * side, -0.15, 0.125 * side, -0.01, look.shoes, r=0.025)
        else:
            pen.oval(0.09 * side, -0.035, 0.068, 0.038, look.shoes)


def child_body(pen: Pen, look: ChildLook) -> None:
    c = look.clothes
    if look.garment == "dress":
        pen.poly([(-0.12, -0.59), (0.12, -0.59), (0.23, -0.2), (-0.23, -0.2)], c)
        pen.stroke([(-0.19, -0.26), (0.19, -0.26)], lighter(c, 0.4), 0.02)
    elif look.garment == "coat":
        pen.poly([(-0.14, -0.59), (0.14, -0.59), (0.185, -0.2), (-0.185, -0.2)], c)
        pen.stroke([(0, -0.57), (0, -0.22)], darker(c, 0.25), 0.01)
        for y in (-0.5, -0.41, -0.32):
            pen.oval(0.035, y, 0.016, 0.016, darker(c, 0.3), line=False)
        pen.poly([(-0.1, -0.59), (0.0, -0.59), (-0.05, -0.52)], lighter(c, 0.2))
        pen.poly([(0.1, -0.59), (0.0, -0.59), (0.05, -0.52)], lighter(c, 0.2))
    else:
        pen.rect(-0.14, -0.59, 0.14, -0.27, c, r=0.06)
        pen.stroke([(-0.13, -0.32), (0.13, -0.32)], darker(c, 0.15), 0.02)


def child_head(pen: Pen, look: ChildLook, mood: str) -> None:
    hx, hy, r = 0.0, -0.77, 0.19
    for side in (-1, 1):
        pen.oval(r * side, hy + 0.01, 0.04, 0.045, look.skin)
    pen.oval(hx, hy, r, r * 0.95, look.skin)
    draw_face(pen, hx, hy + 0.01, r, mood)
    hair = pen.c(look.hair)
    x0, y0 = pen.p(hx - r * 1.04, hy - r * 1.02)
    x1, y1 = pen.p(hx + r * 1.04, hy + r * 0.98)
    box = (min(x0, x1), y0, max(x0, x1), y1)
    pen.ctx.d.chord(box, 196, 344, fill=hair, outline=outline_of(hair), width=pen.lw)
    for dx in (-0.09, 0.0, 0.09):  # bangs soften the straight edge of the cap
        pen.oval(dx, hy - r * 0.38, 0.055, 0.04, look.hair, line=False)
    if look.hair_style in {"long", "pigtails", "curly"}:
        for side in (-1, 1):
            pen.rot_oval((r - 0.01) * side, hy + 0.02, 0.045, 0.1, 8 * side, look.hair)
    if look.hat is not None:
        pen.oval(hx, hy - r * 0.95, 0.16, 0.1, look.hat)
        pen.oval(hx, hy - r * 0.7, 0.27, 0.045, look.hat)
        pen.stroke([(-0.15, hy - r * 0.78), (0.15, hy - r * 0.78)], darker(look.hat, 0.3), 0.02)

"""Where the cast stands: sizes, foot line, order and facing."""

from __future__ import annotations

from dataclasses import dataclass

from moretale_assets.lib.images.draw.animals import BODY
from moretale_assets.lib.images.draw.canvas import Ctx
from moretale_assets.lib.images.scene import Character, Scene

HUMAN_SPECIES = frozenset({"girl", "boy", "child"})
FACES_RIGHT = frozenset({"turtle", "bird"})  # profile drawings look to +x; the rest wag to +x
HERO_HEIGHT = {"wide": 0.3, "medium": 0.47, "close": 0.82, "cover": 0.62}
HORIZON = {"wide": 0.5, "medium": 0.56, "close": 0.6, "cover": 0.56}


@dataclass(frozen=True)
class Placed:
    char: Character
    x: float
    y: float  # feet
    s: float  # height in px
    flip: bool
    flying: bool = False

    @property
    def half_w(self) -> float:
        return self.s * BODY.get(self.char.species, (1.0, 0.7))[1] / 2


@dataclass(frozen=True)
class Cast:
    placed: tuple[Placed, ...]
    hero: Placed
    ref: float  # how tall a child is in this picture: the yardstick for props
    left: float
    right: float


def body_height(species: str) -> float:
    return BODY.get(species, (0.5, 0.7))[0]


def is_flyer(ch: Character, scene: Scene) -> bool:
    return ch.species == "bird" and not ch.hero and len(scene.characters) > 1


def foot_line(ctx: Ctx, framing: str, hero_h: float) -> float:
    hz, h = ctx.horizon, ctx.h
    if framing == "close":
        return h + hero_h * 0.3  # cropped at the waist: a close-up is about faces
    base = {"wide": hz + (h - hz) * 0.62, "cover": h * 0.93}.get(framing, hz + (h - hz) * 0.84)
    return min(h * 0.965, max(base, ctx.stand_min + h * 0.03))


def plan_cast(ctx: Ctx, scene: Scene, cover: bool) -> Cast:
    framing = "cover" if cover else scene.framing
    chars = scene.characters
    # Indices, not objects: two identical white rabbits are still two rabbits.
    hero_i = next((i for i, c in enumerate(chars) if c.hero), 0)
    hero = chars[hero_i]
    ref = ctx.h * HERO_HEIGHT.get(framing, HERO_HEIGHT["medium"])
    hero_s = ref * (1.0 if hero.species in HUMAN_SPECIES else 0.75)
    # Everyone keeps their size relative to the hero, within sane bounds.
    sizes = [
        min(ref * 1.15, max(ref * 0.2, hero_s * body_height(c.species) / body_height(hero.species)))
        for c in chars
    ]
    if cover:  # the hero dominates the cover; companions step down a little
        sizes = [sz * 0.85 for sz in sizes]
    sizes[hero_i] = hero_s
    walkers = [i for i, c in enumerate(chars) if i == hero_i or not is_flyer(c, scene)]
    flyers = [i for i in range(len(chars)) if i not in walkers]
    order = arrange(ctx, hero_i, [i for i in walkers if i != hero_i])
    spans = {i: sizes[i] * BODY.get(chars[i].species, (1, 0.7))[1] for i in walkers}
    if cover:
        # The hero keeps its full size dead centre; companions tuck in behind and shrink
        # until they fit beside it.
        xs, left, right = offsets(order, hero_i, spans, -ref * 0.08)
        room = ctx.w * 0.48 - spans[hero_i] / 2
        widest = max(-left, right) - spans[hero_i] / 2
        shrink = min(1.0, max(0.5, room / max(1.0, widest)))
        for i in walkers:
            if i != hero_i:
                sizes[i] *= shrink
                spans[i] *= shrink
        xs, left, right = offsets(order, hero_i, spans, -ref * 0.08 * shrink)
        scale, centre = 1.0, ctx.w / 2
    else:
        xs, left, right = offsets(order, hero_i, spans, ref * 0.05)
        scale = min(1.0, ctx.w * 0.94 / max(1.0, right - left))
        slack = ctx.w - (right - left) * scale
        shift = ctx.rng.uniform(-1, 1) * min(ctx.w * 0.1, slack * 0.3)
        centre = ctx.w / 2 + shift - (left + right) / 2 * scale
    foot = foot_line(ctx, framing, ref * scale)
    placed: dict[int, Placed] = {}
    for rank, i in enumerate(order):
        x = centre + xs[i] * scale
        if i == hero_i:
            y = foot
        elif framing == "close":
            y = ctx.h * 1.02  # the hero is cropped at the waist; companions stay whole
        else:
            y = foot - ctx.h * 0.012 * (1 + rank % 2)  # a step back, for depth
        flip = facing(chars[i], i == hero_i, x, centre, ctx)
        placed[i] = Placed(chars[i], x, y, sizes[i] * scale, flip)
    # Birds start on the side of the hero's free hand, away from kites and balloons.
    free_side = 1 if placed[hero_i].flip else -1
    for k, i in enumerate(flyers):
        side = free_side if k % 2 == 0 else -free_side
        x = centre + side * ref * scale * ctx.rng.uniform(0.45, 0.85)
        x = min(ctx.w * 0.92, max(ctx.w * 0.08, x))
        y = max(ctx.h * 0.12, foot - ref * scale * ctx.rng.uniform(1.1, 1.35))
        placed[i] = Placed(chars[i], x, y, sizes[i] * scale, x > centre, flying=True)
    drawing_order = sorted(placed, key=lambda i: (placed[i].flying, placed[i].y, i == hero_i))
    return Cast(
        tuple(placed[i] for i in drawing_order),
        placed[hero_i],
        ref * scale,
        centre + left * scale,
        centre + right * scale,
    )


def arrange(ctx: Ctx, hero: int, others: list[int]) -> list[int]:
    """Hero in the middle, companions alternating to either side (which side first: seeded)."""
    first_right = ctx.rng.random() < 0.5
    rights = others[0 if first_right else 1 :: 2]
    lefts = others[1 if first_right else 0 :: 2]
    return [*reversed(lefts), hero, *rights]


def offsets(
    order: list[int], hero: int, spans: dict[int, float], gap: float
) -> tuple[dict[int, float], float, float]:
    """x of each figure relative to the hero, and the group's left and right edges."""
    xs: dict[int, float] = {hero: 0.0}
    at = order.index(hero)
    right = spans[hero] / 2
    for i in order[at + 1 :]:
        xs[i] = right + gap + spans[i] / 2
        right += gap + spans[i]
    left = -spans[hero] / 2
    for i in reversed(order[:at]):
        xs[i] = left - gap - spans[i] / 2
        left -= gap + spans[i]
    return xs, left, right


def facing(c: Character, is_hero: bool, x: float, hero_x: float, ctx: Ctx) -> bool:
    """Whether to mirror a figure so that it turns towards the hero."""
    if is_hero:
        return ctx.rng.random() < 0.5
    natural_right = c.species in FACES_RIGHT
    want_right = x < hero_x
    return want_right != natural_right

"""Drawing the cast with what they hold, and the things around them."""

from __future__ import annotations

import itertools

from moretale_assets.lib.images.draw.animals import ANIMAL_COLOUR, ANIMAL_DRAW, bird, rabbit
from moretale_assets.lib.images.draw.canvas import Ctx, Pen
from moretale_assets.lib.images.draw.children import child_look, draw_child
from moretale_assets.lib.images.draw.layout import HUMAN_SPECIES, Cast, Placed
from moretale_assets.lib.images.draw.objects import (
    FAR,
    HELD,
    NEAR_DRAW,
    NEAR_SIZE,
    SKY_THINGS,
    WORN,
    balloon_colour,
    draw_apple,
    draw_balloons,
    draw_boat,
    draw_bridge,
    draw_feature_tree,
    draw_flowers,
    draw_kite,
    draw_lantern,
    draw_star_thing,
    draw_string,
    draw_tent,
    draw_umbrella,
    thing_colour,
)
from moretale_assets.lib.images.draw.outdoors import side_x
from moretale_assets.lib.images.draw.palette import RGB, Point, named
from moretale_assets.lib.images.draw.shapes import house, soft_shadow
from moretale_assets.lib.images.draw.sky import draw_moon
from moretale_assets.lib.images.scene import Scene, Thing


def split_things(scene: Scene) -> tuple[dict[str, Thing], dict[str, RGB], list[Thing]]:
    """(held by the hero, worn by the hero child, everything else)."""
    hero = scene.hero
    human = hero is not None and hero.species in HUMAN_SPECIES
    held: dict[str, Thing] = {}
    worn: dict[str, RGB] = {}
    rest: list[Thing] = []
    for t in scene.objects:
        if hero is not None and t.kind in HELD and len(held) < 2:
            held[t.kind] = t
        elif human and t.kind in WORN:
            worn[t.kind] = thing_colour(t)
        else:
            rest.append(t)
    return held, worn, rest


def hand_poses(held: dict[str, Thing]) -> tuple[str, str]:
    poses = ["up" if k != "lantern" else "low" for k in held]
    if len(poses) == 1:
        return ("mood", poses[0])
    if len(poses) == 2:
        return (poses[1], poses[0])
    return ("mood", "mood")


def draw_cast(
    ctx: Ctx, scene: Scene, cast: Cast, held: dict[str, Thing], worn: dict[str, RGB]
) -> None:
    for p in cast.placed:
        if not p.flying and p.y < ctx.h:
            soft_shadow(ctx, p.x, p.y, p.half_w * 1.1)
    humans = 0
    for p in cast.placed:
        pen = Pen(ctx, p.x, p.y, p.s, flip=p.flip)
        species = p.char.species
        if species in HUMAN_SPECIES:
            look = child_look(p.char, p is cast.hero, scene.hero_look, humans, worn)
            humans += 1
            is_hero = p is cast.hero
            hands = hand_poses(held) if is_hero else ("mood", "mood")
            anchors = draw_child(pen, look, scene.mood, hands)
            if is_hero:
                draw_held(ctx, p, held, anchors, p.s)
        elif species == "bird":
            bird(pen, named(p.char.colour, ANIMAL_COLOUR["bird"]), scene.mood, flying=p.flying)
        else:
            colour = named(p.char.colour, ANIMAL_COLOUR.get(species, (180, 180, 180)))
            ANIMAL_DRAW.get(species, rabbit)(pen, colour, scene.mood)
        if p is cast.hero and species not in HUMAN_SPECIES:
            # Animals hold things at the paw; props keep a child's size so they stay readable.
            paws = {side: pen.p(0.26 * side, -0.4) for side in (-1, 1)}
            draw_held(ctx, p, held, paws, max(p.s, cast.ref * 0.7))


def draw_held(
    ctx: Ctx, p: Placed, held: dict[str, Thing], anchors: dict[int, Point], size: float
) -> None:
    """Props in the hero's hands. `size` is the yardstick for the props (the hero's height)."""
    # hand_poses puts the first held thing in the figure's right hand (+1), the second in its
    # left; the anchors are already in picture coordinates, mirrored or not.
    for kind, side in zip(held, (1, -1), strict=False):
        t = held[kind]
        hand = anchors[side]
        c = thing_colour(t)
        if kind == "umbrella":
            top = p.y - max(p.s * 1.22, p.s + size * 0.3)
            draw_umbrella(ctx, hand[0], top, size * 0.85, c, hand)
        elif kind == "kite":
            outward = 1 if hand[0] >= p.x else -1
            kx = min(ctx.w * 0.88, max(ctx.w * 0.12, hand[0] + outward * ctx.w * 0.22))
            ky = max(ctx.h * 0.08, p.y - size * 1.9)
            tie = draw_kite(ctx, kx, ky, size * 0.35, c)
            draw_string(ctx, hand, tie, size * 0.15)
        elif kind == "balloon":
            draw_balloons(ctx, hand, t.count, balloon_colour(t), size * 0.3)
        elif kind == "lantern":
            draw_lantern(ctx, hand[0], hand[1], size * 0.22, c)


def draw_far_things(ctx: Ctx, scene: Scene, things: list[Thing], cast: Cast) -> None:
    apples = any(t.kind == "apple" for t in scene.objects)
    slot = ctx.rng.randrange(2)
    g = ctx.h - ctx.horizon
    for t in things:
        if t.kind not in FAR:
            continue
        c = thing_colour(t)
        for _ in range(t.count if t.kind in {"tree", "house", "boat"} else 1):
            x = side_x(ctx, slot)
            slot += 1
            y = ctx.horizon + g * ctx.rng.uniform(0.08, 0.2)
            if t.kind == "tree":
                draw_feature_tree(ctx, x, y, ctx.h * 0.42, c, apples)
            elif t.kind == "house":
                house(ctx, x, y, ctx.h * 0.24, c, (200, 80, 64))
            elif t.kind == "tent":
                draw_tent(ctx, x, y, ctx.h * 0.16, c)
            elif t.kind == "bridge":
                top, bottom = ctx.water or (y - g * 0.05, y + g * 0.05)
                draw_bridge(
                    ctx,
                    ctx.w * ctx.rng.uniform(0.3, 0.7),
                    (top + bottom) / 2 + g * 0.04,
                    ctx.w * 0.42,
                    c,
                )
            elif t.kind == "boat":
                water = ctx.water or ((ctx.horizon, ctx.stand_min) if ctx.stand_min else (y, y))
                by = water[0] + (water[1] - water[0]) * ctx.rng.uniform(0.4, 0.8)
                draw_boat(ctx, x, by, ctx.h * 0.12, c)


def draw_sky_free_things(ctx: Ctx, scene: Scene, things: list[Thing], cast: Cast) -> None:
    for t in things:
        c = thing_colour(t)
        if t.kind == "moon" and not ctx.dark and not scene.indoor:
            draw_moon(
                ctx,
                (ctx.w * ctx.rng.uniform(0.6, 0.85), ctx.horizon * 0.25),
                c,
                ctx.u * 4.5,
                faint=True,
            )
        elif t.kind == "star":
            for i in range(t.count):
                x = ctx.w * ctx.rng.uniform(0.1, 0.9)
                y = ctx.h * ctx.rng.uniform(0.06, 0.22)
                draw_star_thing(ctx, x, y, ctx.u * (5 if i == 0 else 3), c)
        elif t.kind == "kite":
            x, y = ctx.w * ctx.rng.uniform(0.15, 0.85), ctx.h * 0.12
            tie = draw_kite(ctx, x, y, cast.ref * 0.35, c)
            draw_string(ctx, tie, (cast.right + ctx.u * 4, cast.hero.y), cast.ref * 0.2)
        elif t.kind == "balloon":
            anchor = (cast.hero.x + cast.hero.half_w, cast.hero.y - cast.hero.s * 0.5)
            draw_balloons(ctx, anchor, t.count, balloon_colour(t), cast.ref * 0.3)


def near_slots(ctx: Ctx, cast: Cast, n: int) -> list[Point]:
    """Spots on the ground beside the group, alternating sides; then the gaps between
    characters; last, just in front of the hero."""
    y = min(ctx.h * 0.985, cast.hero.y + ctx.h * 0.015)
    room = cast.ref * 0.3
    slots: list[Point] = []
    left, right = cast.left - room * 0.6, cast.right + room * 0.6
    gaps = gap_spots(cast, room * 0.5)
    for i in range(n):
        if i % 2 == 0 and right < ctx.w - room * 0.4:
            slots.append((right, y))
            right += room
        elif left > room * 0.4:
            slots.append((left, y))
            left -= room
        elif right < ctx.w - room * 0.4:
            slots.append((right, y))
            right += room
        elif gaps:
            slots.append((gaps.pop(0), min(ctx.h * 0.99, y + ctx.h * 0.03)))
        else:
            x = cast.hero.x + cast.hero.half_w * (1.2 if i % 2 else -1.2)
            slots.append((x, min(ctx.h * 0.99, y + ctx.h * 0.05)))
    return slots


def gap_spots(cast: Cast, need: float) -> list[float]:
    """Middles of the gaps between standing characters wide enough for a prop."""
    walkers = sorted((p for p in cast.placed if not p.flying), key=lambda p: p.x)
    spots = []
    for a, b in itertools.pairwise(walkers):
        lo, hi = a.x + a.half_w * 0.7, b.x - b.half_w * 0.7
        if hi - lo >= need:
            spots.append((lo + hi) / 2)
    return spots


def draw_near_things(ctx: Ctx, things: list[Thing], cast: Cast) -> None:
    near = [t for t in things if t.kind not in FAR and t.kind not in SKY_THINGS]
    for t, (x, y) in zip(near, near_slots(ctx, cast, len(near)), strict=False):
        c = thing_colour(t)
        size = cast.ref * NEAR_SIZE.get(t.kind, 0.15)
        if t.kind == "flower":
            draw_flowers(Pen(ctx, x, y, size), c, t.count)
        elif t.kind == "lantern":
            draw_lantern(ctx, x, y - size, size, c)
        elif t.kind == "umbrella":
            draw_umbrella(ctx, x, y - size * 1.1, size, c, (x, y))
        else:
            soft_shadow(ctx, x, y, size * 0.5, 26)
            for i in range(min(3, t.count)):
                pen = Pen(ctx, x + i * size * 0.7 * (1 if x > cast.hero.x else -1), y, size)
                NEAR_DRAW.get(t.kind, draw_apple)(pen, c)

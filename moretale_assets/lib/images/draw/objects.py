"""Things held, carried or placed in a scene: balloons, kites, umbrellas, books, tents, boats."""

from __future__ import annotations

import math
from collections.abc import Callable

from moretale_assets.lib.images.draw.animals import CREAM
from moretale_assets.lib.images.draw.canvas import Ctx, Pen, outline_of
from moretale_assets.lib.images.draw.outdoors import LEAF, WATER, sailboat
from moretale_assets.lib.images.draw.palette import (
    INK,
    RGB,
    WHITE,
    Point,
    alpha,
    darker,
    lighter,
    mix,
    named,
)
from moretale_assets.lib.images.draw.shapes import star_points, tree
from moretale_assets.lib.images.scene import Thing

OBJECT_COLOUR: dict[str, RGB] = {
    "tree": LEAF,
    "flower": (246, 130, 170),
    "house": (250, 236, 206),
    "boat": (214, 80, 70),
    "kite": (222, 64, 60),
    "ball": (222, 64, 60),
    "lantern": (236, 90, 60),
    "moon": (255, 244, 200),
    "star": (255, 214, 70),
    "book": (66, 126, 212),
    "cake": (246, 170, 200),
    "balloon": (222, 64, 60),
    "bridge": (176, 120, 80),
    "tent": (242, 140, 48),
    "umbrella": (250, 200, 50),
    "map": (242, 224, 176),
    "shell": (250, 206, 186),
    "apple": (214, 50, 48),
    "hat": (236, 200, 110),
    "scarf": (222, 64, 60),
}
HELD = ("umbrella", "kite", "balloon", "lantern")  # in priority order; a child has two hands
WORN = ("hat", "scarf")
FAR = frozenset({"tree", "house", "tent", "bridge", "boat"})
SKY_THINGS = frozenset({"kite", "balloon", "moon", "star"})
# Size of ground things relative to the hero child's height.
NEAR_SIZE: dict[str, float] = {
    "ball": 0.17,
    "book": 0.14,
    "cake": 0.2,
    "map": 0.24,
    "shell": 0.09,
    "apple": 0.08,
    "flower": 0.22,
    "lantern": 0.18,
    "umbrella": 0.5,
    "hat": 0.2,
    "scarf": 0.2,
}


def thing_colour(t: Thing) -> RGB:
    return named(t.colour, OBJECT_COLOUR.get(t.kind, (200, 200, 200)))


def balloon_colour(t: Thing) -> RGB | None:
    if t.colour is None and t.count > 1:
        return None
    return thing_colour(t)


def draw_kite(ctx: Ctx, x: float, y: float, size: float, c: RGB) -> Point:
    """Returns where the string is tied."""
    pen = Pen(ctx, x, y, size, k=0.5)
    pen.poly([(0.0, -1.0), (0.32, -0.6), (0.0, 0.0), (-0.32, -0.6)], c)
    pen.poly([(0.0, -1.0), (0.32, -0.6), (0.0, -0.6)], lighter(c, 0.35), line=False)
    pen.poly([(0.0, 0.0), (-0.32, -0.6), (0.0, -0.6)], lighter(c, 0.35), line=False)
    tail = [(0.0, 0.0), (-0.15, 0.25), (0.05, 0.5), (-0.1, 0.75)]
    pen.stroke(tail, INK, 0.012)
    for tx, ty in tail[1:]:
        pen.poly(
            [
                (tx - 0.07, ty - 0.04),
                (tx + 0.07, ty + 0.04),
                (tx + 0.07, ty - 0.04),
                (tx - 0.07, ty + 0.04),
            ],
            (250, 210, 60),
        )
    return pen.p(0.0, -0.4)


def draw_string(ctx: Ctx, a: Point, b: Point, sag: float) -> None:
    pts = []
    for i in range(9):
        t = i / 8
        pts.append(
            (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t + sag * math.sin(math.pi * t))
        )
    ctx.d.line(pts, fill=ctx.tone((80, 70, 80), 0.5), width=max(1, round(ctx.u * 0.2)))


def draw_balloons(ctx: Ctx, hand: Point, count: int, c: RGB | None, size: float) -> None:
    """A bunch of balloons on strings from `hand`: all of colour `c`, or mixed if None."""
    mixed = [(222, 64, 60), (66, 126, 212), (250, 208, 60), (88, 168, 78), (242, 144, 182)]
    colours = [mixed[i % 5] if c is None else mix(c, WHITE, 0.15 * (i % 2)) for i in range(5)]
    for i in range(max(1, count)):
        dx = (i - (count - 1) / 2) * size * 0.55
        bx, by = hand[0] + dx + size * 0.1, hand[1] - size * (1.25 + 0.12 * (i % 2))
        draw_string(ctx, hand, (bx, by + size * 0.36), size * 0.05)
        pen = Pen(ctx, bx, by, size, k=0.5)
        colour = colours[i]
        pen.poly([(-0.04, 0.4), (0.04, 0.4), (0.0, 0.34)], colour)
        pen.oval(0.0, 0.0, 0.28, 0.35, colour)
        pen.rot_oval(-0.1, -0.14, 0.05, 0.1, 20, lighter(colour, 0.5), line=False)


def draw_star_thing(ctx: Ctx, x: float, y: float, r: float, c: RGB) -> None:
    colour = ctx.tone(c, 0.2)
    ctx.a.ellipse((x - r * 1.8, y - r * 1.8, x + r * 1.8, y + r * 1.8), fill=alpha(colour, 40))
    ctx.d.polygon(
        star_points(x, y, r), fill=colour, outline=outline_of(colour), width=max(1, round(r * 0.08))
    )


def draw_umbrella(ctx: Ctx, x: float, top: float, size: float, c: RGB, handle: Point) -> None:
    """An open umbrella whose canopy top is at (x, top); the shaft ends at `handle`."""
    pen = Pen(ctx, x, top, size, k=0.6)
    pen.stroke(
        [(0.0, 0.0), ((handle[0] - x) / size, (handle[1] - top) / size)], (90, 70, 70), 0.025
    )
    ink = pen.c(c)
    box = (x - size * 0.5, top, x + size * 0.5, top + size * 0.6)
    pen.ctx.d.pieslice(box, 180, 360, fill=ink, outline=outline_of(ink), width=pen.lw)
    for k in (-0.25, 0.25):
        pen.poly([(0.0, 0.0), (k - 0.08, 0.3), (k + 0.08, 0.3)], lighter(c, 0.35), line=False)
    for i in range(4):
        cx = -0.375 + i * 0.25
        pen.arc(cx, 0.3, 0.125, 0.05, 0, 180, darker(c, 0.25), 0.012)


def draw_lantern(ctx: Ctx, x: float, y: float, size: float, c: RGB) -> None:
    """A paper lantern hanging from (x, y)."""
    pen = Pen(ctx, x, y, size, k=0.2)
    glow = alpha((255, 214, 120), 70 if ctx.dark else 35)
    pen.soft(0.0, 0.55, 0.7, 0.7, glow)
    pen.soft(0.0, 0.55, 0.45, 0.45, glow)
    pen.stroke([(0.0, 0.0), (0.0, 0.18)], INK, 0.02)
    pen.rect(-0.14, 0.16, 0.14, 0.24, (60, 50, 50))
    pen.oval(0.0, 0.55, 0.32, 0.32, c)
    pen.oval(0.0, 0.55, 0.16, 0.28, lighter(c, 0.45), line=False)
    pen.rect(-0.14, 0.85, 0.14, 0.93, (60, 50, 50))


def draw_ball(pen: Pen, c: RGB) -> None:
    x, y = pen.p(0.0, -0.5)
    r = 0.5 * pen.s
    box = (x - r, y - r, x + r, y + r)
    ink = pen.c(c)
    pen.ctx.d.ellipse(box, fill=pen.c(WHITE))
    for start in (0, 120, 240):
        pen.ctx.d.pieslice(box, start, start + 60, fill=ink)
    pen.ctx.d.ellipse(box, outline=outline_of(ink), width=pen.lw)
    pen.oval(0.0, -0.5, 0.1, 0.1, (250, 208, 60))


def draw_book(pen: Pen, c: RGB) -> None:
    pen.poly(
        [(-0.55, -0.05), (0.0, 0.0), (0.55, -0.05), (0.5, -0.4), (0.0, -0.35), (-0.5, -0.4)], c
    )
    pen.poly([(-0.48, -0.1), (0.0, -0.06), (0.0, -0.42), (-0.45, -0.48)], CREAM)
    pen.poly([(0.48, -0.1), (0.0, -0.06), (0.0, -0.42), (0.45, -0.48)], CREAM)
    for i in range(3):
        y = -0.36 + i * 0.08
        pen.stroke([(-0.38, y), (-0.08, y + 0.03)], (180, 170, 160), 0.015)
        pen.stroke([(0.08, y + 0.03), (0.38, y)], (180, 170, 160), 0.015)


def draw_cake(pen: Pen, c: RGB) -> None:
    pen.oval(0.0, -0.02, 0.55, 0.08, (240, 240, 246))
    pen.rect(-0.42, -0.45, 0.42, -0.05, (250, 226, 180), r=0.04)
    pen.rect(-0.44, -0.55, 0.44, -0.38, c, r=0.06)
    for i in range(5):
        pen.oval(-0.32 + i * 0.16, -0.38, 0.05, 0.07, c, line=False)
    for dx in (-0.15, 0.0, 0.15):
        pen.rect(dx - 0.025, -0.78, dx + 0.025, -0.55, (120, 180, 240))
        pen.oval(dx, -0.84, 0.03, 0.05, (255, 190, 60), line=False)
    pen.oval(0.0, -0.47, 0.06, 0.06, (220, 40, 60))


def draw_map(pen: Pen, c: RGB) -> None:
    pen.poly([(-0.5, -0.05), (0.5, -0.05), (0.44, -0.4), (-0.56, -0.4)], c)
    pen.oval(-0.56, -0.225, 0.05, 0.175, darker(c, 0.1))
    pen.oval(0.5, -0.225, 0.05, 0.175, darker(c, 0.1))
    dots = [(-0.35, -0.12), (-0.2, -0.22), (-0.05, -0.15), (0.1, -0.28), (0.22, -0.22)]
    for x, y in dots:
        pen.oval(x, y, 0.02, 0.015, (180, 70, 60), line=False)
    pen.stroke([(0.26, -0.3), (0.36, -0.2)], (200, 50, 50), 0.025)
    pen.stroke([(0.26, -0.2), (0.36, -0.3)], (200, 50, 50), 0.025)


def draw_shell(pen: Pen, c: RGB) -> None:
    pen.poly([(-0.5, -0.1), (0.0, -0.05), (0.5, -0.1), (0.35, -0.6), (0.0, -0.8), (-0.35, -0.6)], c)
    for dx in (-0.25, 0.0, 0.25):
        pen.stroke([(0.0, -0.1), (dx * 1.2, -0.65)], darker(c, 0.2), 0.03)


def draw_apple(pen: Pen, c: RGB) -> None:
    pen.oval(-0.18, -0.42, 0.32, 0.4, c)
    pen.oval(0.18, -0.42, 0.32, 0.4, c)
    pen.oval(-0.18, -0.52, 0.1, 0.14, lighter(c, 0.4), line=False)
    pen.stroke([(0.0, -0.8), (0.05, -0.98)], (110, 80, 50), 0.06)
    pen.rot_oval(0.18, -0.92, 0.14, 0.06, -20, (90, 170, 80))


def draw_flowers(pen: Pen, c: RGB, count: int) -> None:
    n = 1 + 2 * max(1, count)
    for i in range(n):
        dx = (i - (n - 1) / 2) * 0.28
        h = 0.7 + 0.3 * ((i * 7) % 3) / 2
        pen.stroke([(dx, 0.0), (dx + 0.04, -h)], (90, 160, 70), 0.04)
        pen.rot_oval(dx + 0.1, -h * 0.45, 0.1, 0.04, -30, (100, 176, 80), line=False)
        petal = c if i % 2 == 0 else lighter(c, 0.35)
        for k in range(5):
            a = k * 2 * math.pi / 5
            pen.oval(dx + 0.04 + 0.1 * math.cos(a), -h + 0.1 * math.sin(a), 0.08, 0.08, petal)
        pen.oval(dx + 0.04, -h, 0.06, 0.06, (255, 214, 80))


def draw_hat_thing(pen: Pen, c: RGB) -> None:
    pen.oval(0.0, -0.1, 0.55, 0.12, c)
    pen.oval(0.0, -0.35, 0.3, 0.28, c)
    pen.stroke([(-0.28, -0.2), (0.28, -0.2)], darker(c, 0.3), 0.06)


def draw_scarf_thing(pen: Pen, c: RGB) -> None:
    pen.rect(-0.6, -0.2, 0.6, 0.0, c, r=0.08)
    pen.rect(0.2, -0.2, 0.4, 0.25, c, r=0.05)


def draw_tent(ctx: Ctx, x: float, y: float, size: float, c: RGB) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    pen.poly([(-0.7, 0.0), (0.7, 0.0), (0.0, -0.9)], c)
    pen.poly([(0.0, -0.9), (0.7, 0.0), (0.25, 0.0)], darker(c, 0.15))
    pen.poly([(-0.22, 0.0), (0.22, 0.0), (0.0, -0.5)], darker(c, 0.5))
    pen.stroke([(0.0, -0.9), (0.0, -1.05)], (110, 90, 80), 0.03)
    pen.poly([(0.0, -1.05), (0.22, -0.99), (0.0, -0.94)], (250, 210, 60))


def draw_bridge(ctx: Ctx, x: float, y: float, width: float, c: RGB) -> None:
    """An arched bridge whose feet sit on y, spanning `width`."""
    pen = Pen(ctx, x, y, width, k=1.0)
    ink = pen.c(c)
    box = (x - width * 0.5, y - width * 0.22, x + width * 0.5, y + width * 0.22)
    ctx.d.chord(box, 180, 360, fill=ink, outline=outline_of(ink), width=pen.lw)
    inner = (x - width * 0.36, y - width * 0.13, x + width * 0.36, y + width * 0.13)
    ctx.d.chord(inner, 180, 360, fill=ctx.tone(lighter(WATER, 0.15)))
    pen.arc(0.0, 0.0, 0.5, 0.27, 180, 360, darker(c, 0.3), 0.012)
    for i in range(9):
        px = -0.4 + i * 0.1
        top = -0.22 * math.sqrt(max(0.0, 1 - (px / 0.5) ** 2))
        pen.stroke([(px, top), (px, top - 0.07)], darker(c, 0.2), 0.01)


def draw_boat(ctx: Ctx, x: float, y: float, size: float, c: RGB) -> None:
    sailboat(ctx, x, y, size, (250, 250, 246), c)


def draw_feature_tree(ctx: Ctx, x: float, y: float, size: float, c: RGB, apples: bool) -> None:
    tree(ctx, x, y, size, "round", c)
    if apples:
        pen = Pen(ctx, x, y, size, k=1.0)
        for dx, dy in ((-0.22, -0.6), (0.15, -0.7), (0.05, -0.88), (0.25, -0.52), (-0.1, -0.78)):
            pen.oval(dx, dy, 0.035, 0.035, (214, 50, 48))


NEAR_DRAW: dict[str, Callable[[Pen, RGB], None]] = {
    "ball": draw_ball,
    "book": draw_book,
    "cake": draw_cake,
    "map": draw_map,
    "shell": draw_shell,
    "apple": draw_apple,
    "hat": draw_hat_thing,
    "scarf": draw_scarf_thing,
}

"""Shapes several scenes share: stars, waves, hills, clouds, trees, houses, grass."""

from __future__ import annotations

import math
from collections.abc import Sequence

from moretale_assets.lib.images.draw.canvas import Ctx, Pen, ground_colour
from moretale_assets.lib.images.draw.palette import RGB, WHITE, Point, alpha, darker, lighter, mix


def star_points(
    cx: float, cy: float, r: float, points: int = 5, inner: float = 0.45
) -> list[Point]:
    pts = []
    for i in range(points * 2):
        rad = r if i % 2 == 0 else r * inner
        a = -math.pi / 2 + i * math.pi / points
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def wave_line(
    ctx: Ctx, base: float, amp: float, waves: float, phase: float, steps: int = 40
) -> list[Point]:
    """Points of a gentle hill line across the picture."""
    pts = []
    for i in range(steps + 1):
        x = ctx.w * i / steps
        t = x / ctx.w * math.pi * 2 * waves + phase
        pts.append((x, base - amp * (0.6 * math.sin(t) + 0.4 * math.sin(2.3 * t + 1.7))))
    return pts


def hills(ctx: Ctx, base: float, amp: float, colour: RGB, waves: float = 1.5) -> list[Point]:
    pts = wave_line(ctx, base, amp, waves, ctx.rng.uniform(0, 6.28))
    ctx.d.polygon([*pts, (ctx.w, ctx.h), (0, ctx.h)], fill=ground_colour(ctx, colour))
    return pts


def cloud(ctx: Ctx, x: float, y: float, size: float, colour: RGB, a: int = 235) -> None:
    base = ctx.tone(colour, 0.8)
    shade = alpha(darker(base, 0.12), a)
    body = alpha(base, a)
    puffs = [(-0.55, 0.0, 0.42), (-0.15, -0.28, 0.55), (0.32, -0.12, 0.48), (0.7, 0.05, 0.34)]
    for dx, dy, r in puffs:
        cx, cy, rr = x + dx * size, y + dy * size + size * 0.06, r * size
        ctx.a.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=shade)
    for dx, dy, r in puffs:
        cx, cy, rr = x + dx * size, y + dy * size, r * size
        ctx.a.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=body)
    ctx.a.rectangle((x - 0.6 * size, y, x + 0.72 * size, y + 0.3 * size), fill=body)


def tree(ctx: Ctx, x: float, base: float, size: float, kind: str, leaf: RGB) -> None:
    """A round or pine tree standing at (x, base), `size` px tall."""
    pen = Pen(ctx, x, base, size, k=1.0)
    pen.lw = max(1, round(size * 0.008))
    trunk: RGB = (122, 82, 52)
    if kind == "pine":
        pen.rect(-0.05, -0.16, 0.05, 0.0, trunk)
        for i, (w, y0) in enumerate(((0.36, -0.12), (0.29, -0.42), (0.21, -0.68))):
            tone = mix(leaf, WHITE, 0.06 * i)
            pen.poly([(-w, y0), (w, y0), (0, y0 - 0.4)], tone)
            if ctx.snowy:
                pen.poly([(-w * 0.45, y0 - 0.22), (w * 0.45, y0 - 0.22), (0, y0 - 0.4)], WHITE)
        return
    pen.stroke([(0, 0), (0, -0.5)], trunk, 0.09)
    pen.stroke([(0, -0.35), (0.13, -0.5)], trunk, 0.05)
    for dx, dy, r in ((-0.2, -0.58, 0.2), (0.2, -0.6, 0.21), (0.0, -0.8, 0.25), (0.0, -0.55, 0.2)):
        pen.oval(dx, dy, r, r * 0.95, leaf)
    pen.oval(-0.08, -0.86, 0.08, 0.06, lighter(leaf, 0.25), line=False)
    if ctx.snowy:
        pen.oval(0.0, -0.98, 0.16, 0.06, WHITE, line=False)


def house(ctx: Ctx, x: float, base: float, size: float, wall: RGB, roof: RGB) -> None:
    pen = Pen(ctx, x, base, size, k=1.0)
    pen.lw = max(1, round(size * 0.01))
    pen.rect(-0.4, -0.62, 0.4, 0.0, wall)
    pen.poly([(-0.5, -0.58), (0.5, -0.58), (0.0, -1.0)], roof)
    if ctx.snowy:
        pen.poly([(-0.3, -0.75), (0.3, -0.75), (0.0, -1.0)], WHITE)
    pen.rect(-0.1, -0.32, 0.1, 0.0, darker(wall, 0.45), r=0.05)
    glass: RGB = (255, 214, 110) if ctx.dark else (170, 214, 240)
    for wx in (-0.27, 0.27):
        pen.rect(wx - 0.08, -0.48, wx + 0.08, -0.32, glass)
        pen.stroke([(wx, -0.48), (wx, -0.32)], darker(wall, 0.4), 0.015)
    pen.rect(0.18, -0.95, 0.28, -0.75, darker(roof, 0.2))


def grass_tufts(ctx: Ctx, colour: RGB, n: int, top: float) -> None:
    ink = darker(ground_colour(ctx, colour), 0.18)
    lw = max(1, round(ctx.u * 0.25))
    for _ in range(n):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(top, ctx.h)
        s = ctx.u * (0.8 + 1.6 * (y - top) / max(1, ctx.h - top))
        ctx.d.line([(x - s, y - s * 1.4), (x, y), (x + s * 0.2, y - s * 1.8)], fill=ink, width=lw)
        ctx.d.line([(x, y), (x + s, y - s * 1.3)], fill=ink, width=lw)


def little_flowers(ctx: Ctx, n: int, top: float, colours: Sequence[RGB]) -> None:
    for _ in range(n):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(top, ctx.h)
        r = ctx.u * (0.35 + 0.8 * (y - top) / max(1, ctx.h - top))
        colour = ctx.tone(colours[ctx.rng.randrange(len(colours))])
        for k in range(5):
            a = k * 2 * math.pi / 5
            px, py = x + r * math.cos(a), y + r * math.sin(a)
            ctx.d.ellipse((px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7), fill=colour)
        ctx.d.ellipse(
            (x - r * 0.5, y - r * 0.5, x + r * 0.5, y + r * 0.5), fill=ctx.tone((255, 220, 90))
        )


def soft_shadow(ctx: Ctx, x: float, y: float, half_w: float, strength: int = 34) -> None:
    """Stacked translucent ellipses: darkest in the middle, fading out, without a blur pass."""
    for k in (1.0, 0.78, 0.56):
        rx, ry = half_w * k, half_w * 0.18 * k
        ctx.a.ellipse((x - rx, y - ry, x + rx, y + ry), fill=(20, 16, 40, strength))

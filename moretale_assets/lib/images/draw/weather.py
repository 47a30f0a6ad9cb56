"""Weather over the whole picture (fog, rain, snow, wind) and the cover's sunburst and frame."""

from __future__ import annotations

import math

from moretale_assets.lib.images.draw.canvas import Ctx, Pen
from moretale_assets.lib.images.draw.layout import Cast
from moretale_assets.lib.images.draw.palette import RGB, alpha
from moretale_assets.lib.images.draw.shapes import star_points
from moretale_assets.lib.images.scene import Scene


def draw_fog(ctx: Ctx) -> None:
    veil = (236, 240, 246)
    ctx.a.rectangle((0, 0, ctx.w, ctx.h), fill=alpha(veil, 60))
    for k in range(3):
        y = ctx.horizon - ctx.u * 8 + k * ctx.u * 7
        ctx.a.rounded_rectangle(
            (-ctx.u * 10, y, ctx.w + ctx.u * 10, y + ctx.u * 9),
            radius=ctx.u * 4,
            fill=alpha(veil, 70),
        )


def weather_front(ctx: Ctx, scene: Scene) -> None:
    w = scene.weather
    windy = "windy" in w
    if "rain" in w:
        n = int(ctx.w * ctx.h / 4200)
        slant = ctx.u * (2.2 if windy else 0.8)
        ink = (214, 226, 246, 150)
        lw = max(1, round(ctx.u * 0.22))
        for _ in range(n):
            x, y = ctx.rng.uniform(-slant, ctx.w), ctx.rng.uniform(0, ctx.h)
            length = ctx.u * ctx.rng.uniform(2, 4)
            ctx.a.line([(x, y), (x + slant, y + length)], fill=ink, width=lw)
    if "snow" in w:
        n = int(ctx.w * ctx.h / 5200)
        for _ in range(n):
            x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(0, ctx.h)
            r = ctx.u * ctx.rng.choice((0.3, 0.4, 0.55, 0.8))
            ctx.a.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 225))
    if windy:
        ink = (255, 255, 255, 150)
        lw = max(1, round(ctx.u * 0.35))
        for _ in range(5):
            x, y = ctx.rng.uniform(0, ctx.w * 0.8), ctx.rng.uniform(ctx.h * 0.1, ctx.horizon)
            r = ctx.u * ctx.rng.uniform(3, 5)
            ctx.a.line([(x - r * 4, y), (x, y)], fill=ink, width=lw)
            ctx.a.arc((x - r, y - 2 * r, x + r, y), 270, 90 + 360, fill=ink, width=lw)
        leaves: list[RGB] = [(236, 150, 60), (200, 90, 50), (120, 180, 80)]
        for i in range(10):
            x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(ctx.h * 0.1, ctx.h * 0.7)
            pen = Pen(ctx, x, y, ctx.u * 3, k=0.5)
            pen.rot_oval(0, 0, 0.5, 0.22, ctx.rng.uniform(0, 180), leaves[i % 3])


def draw_sunburst(ctx: Ctx, cast: Cast) -> None:
    cx, cy = cast.hero.x, cast.hero.y - cast.hero.s * 0.6
    reach = max(ctx.w, ctx.h) * 1.2
    for i in range(0, 24, 2):
        a0, a1 = i * math.pi / 12, (i + 1) * math.pi / 12
        ctx.a.polygon(
            [
                (cx, cy),
                (cx + reach * math.cos(a0), cy + reach * math.sin(a0)),
                (cx + reach * math.cos(a1), cy + reach * math.sin(a1)),
            ],
            fill=(255, 250, 220, 34),
        )
    r = cast.hero.s * 0.62
    ctx.a.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 250, 225, 46))


def draw_cover_frame(ctx: Ctx) -> None:
    """A soft vignette and a storybook border: framing without a single letter on it."""
    steps = 10
    band = ctx.u * 1.2
    for i in range(steps):
        inset = i * band
        ctx.a.rectangle(
            (inset, inset, ctx.w - inset, ctx.h - inset),
            outline=(30, 20, 50, 34 - 3 * i),
            width=math.ceil(band),
        )
    m = ctx.u * 3
    lw = max(2, round(ctx.u * 1.1))
    cream = (255, 244, 214)
    ctx.d.rounded_rectangle((m, m, ctx.w - m, ctx.h - m), radius=ctx.u * 4, outline=cream, width=lw)
    inner = m + lw + ctx.u * 0.8
    ctx.d.rounded_rectangle(
        (inner, inner, ctx.w - inner, ctx.h - inner),
        radius=ctx.u * 3,
        outline=(232, 182, 58),
        width=max(1, lw // 2),
    )
    for x, y in ((m, m), (ctx.w - m, m), (m, ctx.h - m), (ctx.w - m, ctx.h - m)):
        ctx.d.polygon(
            star_points(x, y, ctx.u * 3.2),
            fill=(250, 210, 80),
            outline=cream,
            width=max(1, lw // 2),
        )

"""The sky: gradient by time and weather, sun, moon, stars, rainbow, planets."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from moretale_assets.lib.images.draw.canvas import Ctx, gradient
from moretale_assets.lib.images.draw.palette import (
    DARK_TIMES,
    GRAY_SKY,
    RGB,
    SKY,
    SPACE_SKY,
    Point,
    alpha,
    darker,
    lighter,
    mix,
)
from moretale_assets.lib.images.draw.shapes import cloud, star_points
from moretale_assets.lib.images.scene import Scene


def sky_stops(scene: Scene) -> list[tuple[float, RGB]]:
    if scene.setting == "space":
        return SPACE_SKY
    stops = SKY.get(scene.time_of_day, SKY["day"])
    greyness = 0.0
    if "rain" in scene.weather:
        greyness = 0.5
    elif "fog" in scene.weather or "snow" in scene.weather:
        greyness = 0.35
    elif "cloudy" in scene.weather:
        greyness = 0.25
    if scene.time_of_day in DARK_TIMES:
        greyness *= 0.4
    return [(t, mix(c, GRAY_SKY, greyness)) for t, c in stops]


def draw_sky(ctx: Ctx, scene: Scene) -> None:
    # The sky gradient ends at the horizon so the light band sits just above the land.
    stops = sky_stops(scene)
    span = max(1, ctx.horizon)
    sky = gradient(ctx.w, span, stops)
    ctx.img.paste(sky, (0, 0))
    if ctx.h > span:
        ctx.d.rectangle((0, span, ctx.w, ctx.h), fill=stops[-1][1])


# How far down the sky (0 top, 1 horizon) the sun or moon hangs at each time of day.
SUN_HEIGHT = {"dawn": 0.82, "sunset": 0.84, "morning": 0.5, "afternoon": 0.5, "evening": 0.35}


def sun_position(ctx: Ctx, time: str) -> Point:
    side = ctx.rng.uniform(0.12, 0.28)
    x = ctx.w * (side if ctx.rng.random() < 0.5 else 1 - side)
    return x, ctx.horizon * SUN_HEIGHT.get(time, 0.22)


def draw_sun(ctx: Ctx, scene: Scene, pos: Point) -> None:
    x, y = pos
    low = scene.time_of_day in {"dawn", "sunset"}
    r = ctx.u * (7.5 if low else 5.5)
    core: RGB = (255, 170, 86) if low else (255, 232, 120)
    for k, a in ((2.6, 28), (1.9, 40), (1.4, 60)):
        ctx.a.ellipse((x - r * k, y - r * k, x + r * k, y + r * k), fill=alpha(core, a))
    if "sunny" in scene.weather and not low:
        lw = max(2, round(r * 0.16))
        for i in range(12):
            a = i * math.pi / 6 + 0.2
            p0 = (x + r * 1.35 * math.cos(a), y + r * 1.35 * math.sin(a))
            p1 = (x + r * 1.85 * math.cos(a), y + r * 1.85 * math.sin(a))
            ctx.d.line([p0, p1], fill=(255, 214, 90), width=lw)
    ctx.d.ellipse((x - r, y - r, x + r, y + r), fill=core)


def draw_moon(ctx: Ctx, pos: Point, colour: RGB, r: float, faint: bool = False) -> None:
    """A crescent, cut with a small mask so it works on any sky."""
    x, y = pos
    if not faint:
        for k, a in ((2.4, 18), (1.7, 30)):
            ctx.a.ellipse((x - r * k, y - r * k, x + r * k, y + r * k), fill=alpha(colour, a))
    size = max(2, int(r * 2) + 2)
    mask = Image.new("L", (size, size), 0)
    md = ImageDraw.Draw(mask)
    md.ellipse((0, 0, size - 1, size - 1), fill=150 if faint else 255)
    md.ellipse((size * 0.3, -size * 0.12, size * 1.25, size * 0.82), fill=0)
    ctx.img.paste(colour, (round(x - size / 2), round(y - size / 2)), mask)


def draw_stars(ctx: Ctx, n: int, bottom: float, colour: RGB = (255, 248, 210)) -> None:
    for i in range(n):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(0, bottom) ** 1.0
        r = ctx.u * ctx.rng.choice((0.18, 0.25, 0.3, 0.45))
        if i % 9 == 0:
            ctx.d.polygon(star_points(x, y, r * 3.2, 4, 0.3), fill=colour)
        else:
            ctx.d.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def draw_rainbow(ctx: Ctx) -> None:
    colours = [
        (235, 80, 80),
        (245, 150, 60),
        (250, 220, 80),
        (110, 200, 100),
        (80, 150, 230),
        (140, 100, 210),
    ]
    cx = ctx.w * ctx.rng.uniform(0.35, 0.65)
    r, band = ctx.w * 0.42, ctx.w * 0.022
    cy = ctx.horizon + r * 0.35
    for i, c in enumerate(colours):
        rr = r - i * band
        ctx.a.arc(
            (cx - rr, cy - rr, cx + rr, cy + rr),
            180,
            360,
            fill=alpha(c, 120),
            width=math.ceil(band),
        )


def draw_sky_things(ctx: Ctx, scene: Scene) -> None:
    time, weather = scene.time_of_day, scene.weather
    overcast = bool({"rain", "fog", "snow"} & weather)
    if scene.setting == "space":
        draw_stars(ctx, 140, ctx.horizon)
        draw_planets(ctx)
        return
    if ctx.dark or "stars" in weather:
        draw_stars(ctx, 90 if time == "night" else 40, ctx.horizon * 0.9)
    pos = sun_position(ctx, time)
    if ctx.dark:
        draw_moon(ctx, pos, ctx.tone((255, 244, 200), 0.2), ctx.u * 5.5)
    elif not overcast:
        draw_sun(ctx, scene, pos)
    if "rainbow" in weather:
        draw_rainbow(ctx)
    n_clouds = cloud_count(ctx, weather, overcast)
    grey = overcast or "cloudy" in weather
    for i in range(n_clouds):
        x = ctx.w * (i + ctx.rng.uniform(0.15, 0.85)) / n_clouds
        y = ctx.horizon * ctx.rng.uniform(0.12, 0.5)
        colour: RGB = (206, 210, 222) if grey else (255, 255, 255)
        cloud(ctx, x, y, ctx.u * ctx.rng.uniform(5, 9), colour, 150 if ctx.dark else 235)


def planet(ctx: Ctx, x: float, y: float, r: float, colour: RGB, ring: bool) -> None:
    box = (x - r, y - r, x + r, y + r)
    ctx.d.ellipse(box, fill=colour)
    if ring:
        # Ring in front of the planet, then the upper half repainted so the ring passes behind.
        ctx.d.ellipse(
            (x - r * 1.7, y - r * 0.35, x + r * 1.7, y + r * 0.35),
            outline=(246, 214, 150),
            width=max(2, round(r * 0.12)),
        )
        ctx.d.chord(box, 180, 360, fill=colour)
    ctx.d.chord(box, 290, 340, fill=lighter(colour, 0.3))
    ctx.d.ellipse((x - r * 0.45, y - r * 0.5, x - r * 0.1, y - r * 0.25), fill=darker(colour, 0.15))
    ctx.d.ellipse((x + r * 0.2, y + r * 0.05, x + r * 0.42, y + r * 0.2), fill=darker(colour, 0.12))


def cloud_count(ctx: Ctx, weather: frozenset[str], overcast: bool) -> int:
    if overcast or "cloudy" in weather:
        return 5
    # A clear night or a sunny day reads better with an almost empty sky.
    return 1 if "sunny" in weather or ctx.dark else 3


def draw_planets(ctx: Ctx) -> None:
    left = ctx.rng.random() < 0.5
    bx, sx = (0.2, 0.8) if left else (0.8, 0.2)
    planet(ctx, bx * ctx.w, ctx.horizon * 0.32, ctx.u * 11, (236, 150, 96), ring=True)
    planet(ctx, sx * ctx.w, ctx.horizon * 0.6, ctx.u * 5, (110, 190, 220), ring=False)

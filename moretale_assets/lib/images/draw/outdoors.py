"""Outdoor settings, one `land_*` function each, looked up in `LANDS`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from moretale_assets.lib.images.draw.canvas import (
    Ctx,
    Pen,
    fill_gradient,
    ground_colour,
    outline_of,
)
from moretale_assets.lib.images.draw.palette import RGB, WHITE, alpha, darker, lighter, mix
from moretale_assets.lib.images.draw.shapes import (
    grass_tufts,
    hills,
    house,
    little_flowers,
    tree,
    wave_line,
)
from moretale_assets.lib.images.scene import Scene

# Each draws land from the horizon down. They leave the middle of the foreground open: that is
# where the characters stand.

GRASS: RGB = (116, 186, 88)
FAR_GRASS: RGB = (150, 196, 120)
SAND: RGB = (242, 214, 158)
WATER: RGB = (74, 150, 214)
LEAF: RGB = (76, 150, 72)
PETALS: tuple[RGB, ...] = ((255, 255, 255), (255, 150, 190), (255, 214, 80), (180, 140, 230))


def hazy(ctx: Ctx, c: RGB, t: float) -> RGB:
    """Far things fade into the sky colour (aerial perspective)."""
    return mix(c, ctx.haze, t)


def side_x(ctx: Ctx, i: int) -> float:
    """An x on alternating sides of the picture, away from the middle."""
    t = ctx.rng.uniform(0.02, 0.26)
    return ctx.w * (t if i % 2 == 0 else 1 - t)


def land_meadow(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    hills(ctx, hz, u * 5, hazy(ctx, FAR_GRASS, 0.35), 1.1)
    hills(ctx, hz + u * 4, u * 3, mix(GRASS, FAR_GRASS, 0.4), 1.8)
    hills(ctx, hz + u * 9, u * 2, GRASS, 1.3)
    grass_tufts(ctx, GRASS, 40, hz + u * 8)
    if not ctx.snowy:
        little_flowers(ctx, 26, hz + u * 10, PETALS)


def land_garden(ctx: Ctx, scene: Scene) -> None:
    land_meadow(ctx, scene)
    hz, u = ctx.horizon, ctx.u
    fence_y = hz + (ctx.h - hz) * 0.2
    for i in range(9):
        x = ctx.w * (i + 0.5) / 9
        r = u * ctx.rng.uniform(5, 8)
        ctx.d.ellipse(
            (x - r * 1.4, fence_y - r * 1.6, x + r * 1.4, fence_y + r * 0.2),
            fill=ground_colour(ctx, (84, 160, 80)),
            outline=ctx.tone((60, 120, 60)),
        )
    paint = ctx.tone((250, 248, 240))
    edge = outline_of(paint)
    for y in (fence_y - u * 5, fence_y - u * 2):
        ctx.d.rectangle((0, y, ctx.w, y + u * 1.1), fill=paint, outline=edge)
    step = u * 4.2
    for i in range(int(ctx.w / step) + 1):
        x = i * step
        pts = [
            (x, fence_y),
            (x, fence_y - u * 7),
            (x + u * 1.2, fence_y - u * 8.4),
            (x + u * 2.4, fence_y - u * 7),
            (x + u * 2.4, fence_y),
        ]
        ctx.d.polygon(pts, fill=paint, outline=edge)
    little_flowers(ctx, 40, fence_y + u, PETALS)


def land_park(ctx: Ctx, scene: Scene) -> None:
    land_meadow(ctx, scene)
    hz, u, w = ctx.horizon, ctx.u, ctx.w
    for i in range(4):
        tree(
            ctx,
            side_x(ctx, i),
            hz + u * ctx.rng.uniform(2, 8),
            ctx.h * 0.22,
            "round",
            hazy(ctx, LEAF, 0.2),
        )
    mid = w * ctx.rng.uniform(0.4, 0.6)
    path = [
        (mid - u * 2, hz + u * 6),
        (mid + u * 2, hz + u * 6),
        (w * 0.75, ctx.h),
        (w * 0.3, ctx.h),
    ]
    ctx.d.polygon(path, fill=ground_colour(ctx, (226, 206, 160)))
    bx = w * (0.86 if mid < w / 2 else 0.14)
    by = hz + (ctx.h - hz) * 0.35
    pen = Pen(ctx, bx, by, u * 12, k=1.0)
    for x in (-0.6, 0.6):
        pen.rect(x - 0.04, -0.45, x + 0.04, 0.0, (90, 70, 60))
    pen.rect(-0.8, -0.5, 0.8, -0.4, (170, 110, 70))
    pen.rect(-0.8, -0.85, 0.8, -0.7, (170, 110, 70))


def land_forest(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    far = hazy(ctx, (60, 120, 80), 0.45)
    for i in range(int(ctx.w / (u * 5)) + 2):
        x, s = i * u * 5 + ctx.rng.uniform(-u, u), u * ctx.rng.uniform(9, 16)
        ctx.d.polygon(
            [(x - s * 0.3, hz + u * 2), (x + s * 0.3, hz + u * 2), (x, hz - s)], fill=ctx.tone(far)
        )
    hills(ctx, hz + u * 2, u * 2, (96, 158, 76), 1.5)
    if not ctx.dark and not {"rain", "fog", "snow"} & scene.weather:
        for i in range(3):
            x = ctx.w * (0.2 + 0.3 * i + ctx.rng.uniform(-0.05, 0.05))
            beam = [(x, 0), (x + u * 6, 0), (x + u * 22, ctx.h), (x + u * 10, ctx.h)]
            ctx.a.polygon(beam, fill=(255, 250, 200, 26))
    for i in range(4):
        x = side_x(ctx, i)
        kind = "pine" if ctx.rng.random() < 0.5 else "round"
        base = hz + (ctx.h - hz) * ctx.rng.uniform(0.05, 0.25)
        tree(
            ctx,
            x,
            base,
            ctx.h * ctx.rng.uniform(0.45, 0.62),
            kind,
            mix((64, 140, 70), (40, 100, 60), ctx.rng.random()),
        )
    grass_tufts(ctx, (96, 158, 76), 40, hz + u * 6)
    for i in range(3):
        mushroom(ctx, side_x(ctx, i + 1), hz + (ctx.h - hz) * ctx.rng.uniform(0.45, 0.9))


def mushroom(ctx: Ctx, x: float, y: float) -> None:
    pen = Pen(ctx, x, y, ctx.u * 5, k=1.0)
    pen.rect(-0.12, -0.5, 0.12, 0.0, (246, 236, 214), r=0.08)
    pen.poly([(-0.45, -0.45), (0.45, -0.45), (0.3, -0.8), (0.0, -0.9), (-0.3, -0.8)], (214, 60, 56))
    for dx, dy in ((-0.2, -0.62), (0.15, -0.7), (0.25, -0.55)):
        pen.oval(dx, dy, 0.06, 0.05, WHITE, line=False)


def land_mountain(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    n = 4
    for i in range(n):
        x = ctx.w * (i + ctx.rng.uniform(0.2, 0.8)) / (n - 1) - ctx.w * 0.15
        peak = hz - hz * ctx.rng.uniform(0.3, 0.55)
        half = ctx.w * ctx.rng.uniform(0.2, 0.3)
        body = ctx.tone(hazy(ctx, (118, 126, 160), 0.25 + 0.1 * (i % 2)))
        ctx.d.polygon([(x - half, hz + u), (x + half, hz + u), (x, peak)], fill=body)
        ctx.d.polygon(
            [(x, peak), (x + half, hz + u), (x + half * 0.25, hz + u)], fill=darker(body, 0.12)
        )
        k = 0.3
        cap = [
            (x, peak),
            (x + half * k, peak + (hz - peak) * k),
            (x + half * 0.1, peak + (hz - peak) * k * 0.8),
            (x - half * 0.12, peak + (hz - peak) * k * 1.05),
            (x - half * k, peak + (hz - peak) * k),
        ]
        ctx.d.polygon(cap, fill=ctx.tone((250, 250, 255)))
    hills(ctx, hz + u * 3, u * 4, mix(GRASS, FAR_GRASS, 0.5), 1.2)
    for _ in range(5):
        x = ctx.w * ctx.rng.uniform(0.02, 0.98)
        tree(ctx, x, hz + u * ctx.rng.uniform(4, 8), ctx.h * 0.1, "pine", hazy(ctx, LEAF, 0.3))
    hills(ctx, hz + u * 11, u * 2.5, GRASS, 1.0)
    grass_tufts(ctx, GRASS, 30, hz + u * 12)


def sea_band(ctx: Ctx, top: float, bottom: float) -> None:
    fill_gradient(
        ctx,
        round(top),
        round(bottom) + 2,
        [(0.0, hazy(ctx, WATER, 0.25)), (1.0, mix(WATER, (40, 110, 190), 0.5))],
    )
    ink = alpha(ctx.tone((240, 250, 255)), 150)
    lw = max(1, round(ctx.u * 0.35))
    for _ in range(28):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(top + ctx.u, bottom)
        s = ctx.u * (1 + 3 * (y - top) / max(1, bottom - top))
        ctx.a.arc((x - s, y - s * 0.5, x + s, y + s * 0.5), 200, 340, fill=ink, width=lw)


def land_beach(ctx: Ctx, scene: Scene, sea_part: float = 0.32) -> None:
    hz, u = ctx.horizon, ctx.u
    shore = hz + (ctx.h - hz) * sea_part
    sea_band(ctx, hz, shore + u * 3)
    line = wave_line(ctx, shore, u * 1.2, 3, ctx.rng.uniform(0, 6.28))
    ctx.d.polygon([*line, (ctx.w, ctx.h), (0, ctx.h)], fill=ctx.tone(lighter(WATER, 0.55)))
    sand = [(x, y + u * 1.6) for x, y in line]
    ctx.d.polygon([*sand, (ctx.w, ctx.h), (0, ctx.h)], fill=ground_colour(ctx, SAND))
    ctx.stand_min = round(shore + u * 4)
    for _ in range(14):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(shore + u * 5, ctx.h)
        r = u * 0.5
        ctx.d.ellipse((x - r, y - r * 0.5, x + r, y + r * 0.5), fill=ctx.tone((214, 186, 130)))
    if sea_part < 0.5 and not ctx.snowy:
        palm(ctx, side_x(ctx, ctx.rng.randrange(2)), shore + (ctx.h - shore) * 0.25, ctx.h * 0.45)


def palm(ctx: Ctx, x: float, y: float, size: float) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    pen.stroke([(0, 0), (0.04, -0.4), (0.12, -0.8)], (150, 110, 70), 0.05)
    for deg, dx in ((-30, -0.25), (20, 0.45), (-70, -0.05), (60, 0.3), (-10, -0.35)):
        pen.rot_oval(0.12 + dx * 0.5, -0.8 + abs(dx) * 0.15, 0.28, 0.06, deg * 0.4, (70, 160, 80))
    pen.oval(0.1, -0.78, 0.05, 0.05, (120, 80, 50))


def land_sea(ctx: Ctx, scene: Scene) -> None:
    land_beach(ctx, scene, sea_part=0.62)
    hz, u = ctx.horizon, ctx.u
    x = ctx.w * ctx.rng.uniform(0.15, 0.85)
    sailboat(ctx, x, hz + u * 3, u * 8, (240, 240, 240), (200, 80, 70))


def sailboat(ctx: Ctx, x: float, y: float, size: float, sail: RGB, hull: RGB) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    pen.poly([(-0.6, -0.25), (0.6, -0.25), (0.4, 0.0), (-0.4, 0.0)], hull)
    pen.stroke([(0, -0.25), (0, -1.05)], (110, 80, 60), 0.04)
    pen.poly([(0.03, -1.0), (0.03, -0.32), (0.48, -0.32)], sail)
    pen.poly([(-0.03, -0.9), (-0.03, -0.32), (-0.38, -0.32)], lighter(sail, 0.2))


def land_river(ctx: Ctx, scene: Scene) -> None:
    land_meadow(ctx, scene)
    hz, u = ctx.horizon, ctx.u
    top = hz + (ctx.h - hz) * 0.22
    bottom = top + (ctx.h - hz) * 0.16
    upper = wave_line(ctx, top, u * 1.5, 1.2, ctx.rng.uniform(0, 6.28))
    lower = wave_line(ctx, bottom, u * 2, 1.4, ctx.rng.uniform(0, 6.28))
    bank = ctx.tone((150, 126, 90))
    ctx.d.polygon([*upper, *reversed([(x, y + u) for x, y in lower])], fill=bank)
    ctx.d.polygon([*upper, *reversed(lower)], fill=ctx.tone(WATER))
    ink = alpha(ctx.tone(WHITE), 140)
    for _ in range(16):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(top + u * 2, bottom - u * 2)
        ctx.a.line([(x, y), (x + u * 3, y)], fill=ink, width=max(1, round(u * 0.35)))
    ctx.water = (top, bottom)
    ctx.stand_min = round(bottom + u * 4)


def land_lake(ctx: Ctx, scene: Scene) -> None:
    land_meadow(ctx, scene)
    hz, u = ctx.horizon, ctx.u
    cx, cy = ctx.w * ctx.rng.uniform(0.35, 0.65), hz + (ctx.h - hz) * 0.18
    rx, ry = ctx.w * 0.42, (ctx.h - hz) * 0.13
    ctx.d.ellipse(
        (cx - rx - u, cy - ry - u, cx + rx + u, cy + ry + u), fill=ctx.tone((150, 130, 90))
    )
    ctx.d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=ctx.tone(WATER))
    ctx.d.ellipse(
        (cx - rx * 0.7, cy - ry * 0.7, cx + rx * 0.2, cy - ry * 0.2),
        fill=ctx.tone(lighter(WATER, 0.2)),
    )
    reed = ctx.tone((70, 130, 60))
    for i in range(10):
        x = cx + rx * (0.75 + 0.02 * i) * (-1 if i % 2 else 1)
        ctx.d.line(
            [(x, cy + ry * 0.6), (x + u * 0.5, cy - ry * 0.8)],
            fill=reed,
            width=max(1, round(u * 0.4)),
        )
    ctx.water = (cy - ry, cy + ry)
    ctx.stand_min = round(cy + ry + u * 4)


def land_village(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    hills(ctx, hz, u * 5, hazy(ctx, FAR_GRASS, 0.35), 1.0)
    walls: list[RGB] = [(250, 236, 206), (244, 214, 190), (226, 236, 246), (250, 246, 236)]
    roofs: list[RGB] = [(200, 80, 64), (150, 90, 70), (90, 110, 170), (210, 120, 60)]
    n = 5
    for i in range(n):
        x = ctx.w * (i + ctx.rng.uniform(0.25, 0.75)) / n
        house(
            ctx,
            x,
            hz + u * ctx.rng.uniform(2, 5),
            ctx.h * ctx.rng.uniform(0.11, 0.16),
            hazy(ctx, walls[i % 4], 0.15),
            hazy(ctx, roofs[(i * 3) % 4], 0.15),
        )
    hills(ctx, hz + u * 8, u * 2, GRASS, 1.3)
    mid = ctx.w * ctx.rng.uniform(0.35, 0.65)
    path = [
        (mid - u, hz + u * 7),
        (mid + u, hz + u * 7),
        (mid + u * 26, ctx.h),
        (mid - u * 18, ctx.h),
    ]
    ctx.d.polygon(path, fill=ground_colour(ctx, (222, 200, 150)))
    grass_tufts(ctx, GRASS, 30, hz + u * 9)


def cobbles(ctx: Ctx, top: float, base: RGB) -> None:
    fill_gradient(ctx, round(top), ctx.h, [(0.0, lighter(base, 0.15)), (1.0, base)])
    ink = ctx.tone(darker(base, 0.12))
    for _ in range(90):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(top + ctx.u, ctx.h)
        s = ctx.u * (0.6 + 1.6 * (y - top) / max(1, ctx.h - top))
        ctx.d.ellipse(
            (x - s, y - s * 0.45, x + s, y + s * 0.45),
            outline=ink,
            width=max(1, round(ctx.u * 0.2)),
        )


def street_houses(ctx: Ctx, base: float, tall: float, haze: float) -> None:
    walls: list[RGB] = [
        (244, 206, 170),
        (200, 220, 236),
        (246, 232, 190),
        (226, 190, 200),
        (210, 230, 200),
    ]
    x, i = -ctx.rng.uniform(0, ctx.w * 0.08), 0
    while x < ctx.w:
        bw = ctx.w * ctx.rng.uniform(0.13, 0.2)
        bh = ctx.h * tall * ctx.rng.uniform(0.75, 1.1)
        pen = Pen(ctx, x + bw / 2, base, bh, k=1.0)
        half = bw / bh / 2
        wall = hazy(ctx, walls[i % len(walls)], haze)
        pen.rect(-half, -1.0, half, 0.0, wall)
        pen.poly(
            [(-half - 0.03, -1.0), (half + 0.03, -1.0), (half * 0.6, -1.18), (-half * 0.6, -1.18)],
            hazy(ctx, (150, 90, 80), haze),
        )
        glass: RGB = (255, 214, 110) if ctx.dark else (176, 210, 236)
        for row in (-0.8, -0.5):
            for col in (-0.5, 0.5):
                cx = col * half
                pen.rect(cx - half * 0.25, row - 0.1, cx + half * 0.25, row + 0.08, glass)
        pen.rect(-half * 0.22, -0.25, half * 0.22, 0.0, darker(wall, 0.4), r=0.04)
        x += bw
        i += 1


def land_town(ctx: Ctx, scene: Scene) -> None:
    hz = ctx.horizon
    ctx.d.rectangle((0, hz, ctx.w, ctx.h), fill=ground_colour(ctx, (200, 196, 190)))
    street_houses(ctx, hz + ctx.u * 2, 0.26, 0.12)
    cobbles(ctx, hz + ctx.u * 2, ground_colour(ctx, (206, 196, 180)))
    lamp_post(ctx, side_x(ctx, ctx.rng.randrange(2)), hz + (ctx.h - hz) * 0.3, ctx.h * 0.38)


def lamp_post(ctx: Ctx, x: float, y: float, size: float) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    pen.rect(-0.02, -0.9, 0.02, 0.0, (60, 66, 80))
    pen.rect(-0.06, -0.05, 0.06, 0.0, (60, 66, 80))
    if ctx.dark:
        pen.soft(0, -0.94, 0.2, 0.2, (255, 220, 120, 50))
    pen.poly([(-0.07, -1.0), (0.07, -1.0), (0.05, -0.88), (-0.05, -0.88)], (255, 226, 140))
    pen.poly([(-0.09, -1.0), (0.09, -1.0), (0.0, -1.06)], (60, 66, 80))


def land_city(ctx: Ctx, scene: Scene) -> None:
    hz, u, rng = ctx.horizon, ctx.u, ctx.rng
    for layer, (haze, tall) in enumerate(((0.45, 0.5), (0.15, 0.36))):
        x = -rng.uniform(0, u * 4)
        while x < ctx.w:
            bw = ctx.w * rng.uniform(0.07, 0.13)
            top = hz - ctx.h * tall * rng.uniform(0.45, 1.0)
            body = ctx.tone(hazy(ctx, (110, 120, 150) if layer == 0 else (90, 100, 130), haze))
            ctx.d.rectangle((x, top, x + bw - u * 0.6, hz + u * 2), fill=body)
            if layer == 1:
                city_windows(ctx, x, top, bw - u * 0.6, hz)
            x += bw + (u * rng.uniform(0, 2) if layer == 0 else 0)
    ctx.d.rectangle((0, hz + u * 2, ctx.w, ctx.h), fill=ground_colour(ctx, (170, 170, 176)))
    ctx.d.rectangle((0, hz + u * 2, ctx.w, hz + u * 3.2), fill=ctx.tone((130, 130, 140)))
    step = ctx.w / 6
    ink = ctx.tone((150, 150, 158))
    for i in range(7):
        ctx.d.line(
            [(i * step, hz + u * 3), (i * step - u * 8, ctx.h)],
            fill=ink,
            width=max(1, round(u * 0.3)),
        )


def city_windows(ctx: Ctx, x: float, top: float, bw: float, bottom: float) -> None:
    u = ctx.u
    lit: RGB = (255, 216, 110)
    dim = ctx.tone((170, 196, 226))
    y = top + u * 2
    while y < bottom - u * 3:
        cx = x + u * 1.5
        while cx < x + bw - u * 2.5:
            on = ctx.dark and ctx.rng.random() < 0.6
            ctx.d.rectangle((cx, y, cx + u * 1.6, y + u * 2), fill=lit if on else dim)
            cx += u * 3
        y += u * 3.6


def land_snowfield(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    hills(ctx, hz, u * 6, hazy(ctx, (200, 214, 236), 0.3), 1.0)
    for _ in range(6):
        tree(
            ctx,
            ctx.w * ctx.rng.uniform(0.02, 0.98),
            hz + u * ctx.rng.uniform(2, 6),
            ctx.h * ctx.rng.uniform(0.09, 0.15),
            "pine",
            hazy(ctx, (60, 120, 90), 0.3),
        )
    hills(ctx, hz + u * 8, u * 3, (232, 240, 252), 1.4)
    shade = ctx.tone((206, 220, 244))
    for _ in range(8):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(hz + u * 12, ctx.h)
        ctx.d.ellipse((x - u * 9, y - u * 1.2, x + u * 9, y + u * 1.2), fill=shade)


def land_desert(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    hills(ctx, hz, u * 6, hazy(ctx, (236, 180, 120), 0.3), 0.8)
    hills(ctx, hz + u * 6, u * 4, (240, 196, 130), 1.2)
    for i in range(3):
        cactus(
            ctx,
            side_x(ctx, i),
            hz + (ctx.h - hz) * ctx.rng.uniform(0.15, 0.5),
            ctx.h * ctx.rng.uniform(0.12, 0.22),
        )
    hills(ctx, hz + u * 16, u * 2, (246, 210, 146), 1.0)
    for _ in range(6):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(hz + u * 18, ctx.h)
        ctx.d.ellipse(
            (x - u * 1.5, y - u, x + u * 1.5, y + u * 0.4), fill=ctx.tone((176, 140, 110))
        )


def cactus(ctx: Ctx, x: float, y: float, size: float) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    green: RGB = (86, 160, 92)
    pen.stroke([(-0.28, -0.45), (-0.28, -0.62)], green, 0.12)
    pen.stroke([(0.28, -0.55), (0.28, -0.78)], green, 0.12)
    pen.stroke([(-0.28, -0.45), (0, -0.45)], green, 0.12)
    pen.stroke([(0.28, -0.55), (0, -0.55)], green, 0.12)
    pen.stroke([(0, 0), (0, -0.95)], green, 0.2)


def land_space(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    grey = ctx.tone((170, 168, 184), 0.3)
    ctx.d.ellipse((-ctx.w * 0.3, hz, ctx.w * 1.3, hz + ctx.h * 1.2), fill=grey)
    for _ in range(9):
        x, y = ctx.rng.uniform(0, ctx.w), ctx.rng.uniform(hz + u * 6, ctx.h)
        r = u * ctx.rng.uniform(1.5, 4) * (0.5 + (y - hz) / max(1, ctx.h - hz))
        ctx.d.ellipse((x - r, y - r * 0.4, x + r, y + r * 0.4), fill=darker(grey, 0.18))
        ctx.d.ellipse(
            (x - r * 0.8, y - r * 0.25, x + r * 0.9, y + r * 0.4), fill=darker(grey, 0.08)
        )


def land_castle(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    hills(ctx, hz, u * 5, hazy(ctx, FAR_GRASS, 0.35), 1.0)
    cx = ctx.w * ctx.rng.choice((0.25, 0.75))
    castle(ctx, cx, hz + u * 2, ctx.h * 0.3)
    hills(ctx, hz + u * 8, u * 2, GRASS, 1.3)
    grass_tufts(ctx, GRASS, 30, hz + u * 9)
    little_flowers(ctx, 16, hz + u * 10, PETALS)


def castle(ctx: Ctx, x: float, y: float, size: float) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    stone = hazy(ctx, (214, 206, 200), 0.15)
    roof = hazy(ctx, (110, 90, 170), 0.15)
    pen.rect(-0.45, -0.55, 0.45, 0.0, stone)
    for i in range(5):
        bx = -0.45 + i * 0.2
        pen.rect(bx, -0.62, bx + 0.1, -0.55, stone)
    pen.rect(-0.16, -0.85, 0.16, -0.4, stone)
    for tx in (-0.5, 0.5):
        pen.rect(tx - 0.1, -0.75, tx + 0.1, 0.0, stone)
        pen.poly([(tx - 0.13, -0.75), (tx + 0.13, -0.75), (tx, -1.0)], roof)
        pen.stroke([(tx, -1.0), (tx, -1.1)], (90, 80, 80), 0.012)
        pen.poly([(tx, -1.1), (tx + 0.09, -1.07), (tx, -1.04)], (226, 70, 70))
    pen.poly([(-0.19, -0.85), (0.19, -0.85), (0, -1.08)], roof)
    pen.rect(-0.09, -0.28, 0.09, 0.0, (110, 80, 60), r=0.08)
    glass: RGB = (255, 214, 110) if ctx.dark else (80, 90, 120)
    for wx, wy in ((-0.5, -0.55), (0.5, -0.55), (0, -0.7)):
        pen.rect(wx - 0.03, wy, wx + 0.03, wy + 0.1, glass, r=0.03)


def land_market(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    ctx.d.rectangle((0, hz, ctx.w, ctx.h), fill=ground_colour(ctx, (210, 200, 186)))
    street_houses(ctx, hz + u * 2, 0.24, 0.25)
    cobbles(ctx, hz + u * 2, ground_colour(ctx, (214, 200, 180)))
    stripes: list[RGB] = [(226, 80, 80), (70, 130, 210), (240, 170, 60), (90, 170, 100)]
    n = 3
    for i in range(n):
        x = ctx.w * (i + 0.5) / n + ctx.rng.uniform(-u * 3, u * 3)
        stall(ctx, x, hz + (ctx.h - hz) * 0.2, ctx.h * 0.26, stripes[(i + 1) % 4])
    bunting(ctx, u * 6, stripes)


def stall(ctx: Ctx, x: float, y: float, size: float, stripe: RGB) -> None:
    pen = Pen(ctx, x, y, size, k=1.0)
    wood: RGB = (170, 120, 80)
    for px in (-0.55, 0.55):
        pen.rect(px - 0.025, -0.95, px + 0.025, 0.0, wood)
    pen.rect(-0.62, -0.4, 0.62, 0.0, wood)
    fruit: list[RGB] = [(230, 70, 60), (250, 170, 50), (130, 190, 70), (240, 210, 70)]
    for i in range(9):
        fx = -0.5 + i * 0.125
        pen.oval(fx, -0.44, 0.06, 0.06, fruit[(i * 7) % 4])
    for i in range(8):
        sx = -0.66 + i * 0.165
        pen.poly(
            [(sx, -1.0), (sx + 0.165, -1.0), (sx + 0.165, -0.84), (sx, -0.84)],
            stripe if i % 2 == 0 else (250, 246, 236),
            line=False,
        )
        pen.oval(
            sx + 0.0825, -0.84, 0.0825, 0.05, stripe if i % 2 == 0 else (250, 246, 236), line=False
        )


def bunting(ctx: Ctx, y: float, colours: Sequence[RGB]) -> None:
    ctx.d.line(
        [(0, y), (ctx.w, y + ctx.u * 3)],
        fill=ctx.tone((90, 80, 80)),
        width=max(1, round(ctx.u * 0.25)),
    )
    n = 14
    for i in range(n):
        x0, x1 = ctx.w * i / n, ctx.w * (i + 0.8) / n
        y0, y1 = y + ctx.u * 3 * i / n, y + ctx.u * 3 * (i + 0.8) / n
        ctx.d.polygon(
            [(x0, y0), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2 + ctx.u * 3.5)],
            fill=ctx.tone(colours[i % len(colours)]),
        )


LANDS: dict[str, Callable[[Ctx, Scene], None]] = {
    "meadow": land_meadow,
    "garden": land_garden,
    "park": land_park,
    "forest": land_forest,
    "mountain": land_mountain,
    "beach": land_beach,
    "sea": land_sea,
    "ocean": land_sea,
    "river": land_river,
    "lake": land_lake,
    "village": land_village,
    "town": land_town,
    "city": land_city,
    "snowfield": land_snowfield,
    "desert": land_desert,
    "space": land_space,
    "castle": land_castle,
    "market": land_market,
}

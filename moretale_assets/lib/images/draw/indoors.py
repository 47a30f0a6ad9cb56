"""Indoor settings: a room with a window, one `room_*` function each (`ROOMS`)."""

from __future__ import annotations

import math
from collections.abc import Callable

from moretale_assets.lib.images.draw.canvas import Ctx, Pen, fill_gradient, outline_of
from moretale_assets.lib.images.draw.outdoors import FAR_GRASS, bunting
from moretale_assets.lib.images.draw.palette import INK, RGB, WHITE, Point, darker
from moretale_assets.lib.images.draw.shapes import hills, star_points
from moretale_assets.lib.images.draw.sky import draw_sky, draw_sky_things
from moretale_assets.lib.images.draw.weather import weather_front
from moretale_assets.lib.images.scene import Scene

WALLS: dict[str, RGB] = {
    "bedroom": (236, 222, 246),
    "kitchen": (250, 238, 206),
    "classroom": (232, 238, 212),
}


def draw_room(ctx: Ctx, scene: Scene) -> None:
    hz, u = ctx.horizon, ctx.u
    wall = WALLS.get(scene.setting, WALLS["bedroom"])
    fill_gradient(ctx, 0, hz, [(0.0, darker(wall, 0.06)), (1.0, wall)])
    ctx.d.rectangle((0, hz - u * 2, ctx.w, hz), fill=ctx.tone(darker(wall, 0.2)))
    floor: RGB = (206, 160, 112) if scene.setting != "kitchen" else (214, 206, 196)
    fill_gradient(ctx, hz, ctx.h, [(0.0, darker(floor, 0.08)), (1.0, floor)])
    ink = ctx.tone(darker(floor, 0.2))
    for i in range(-6, 13):
        x = ctx.w * i / 6
        ctx.d.line(
            [(ctx.w / 2 + (x - ctx.w / 2) * 0.55, hz), (x, ctx.h)],
            fill=ink,
            width=max(1, round(u * 0.25)),
        )
    window_x = ctx.w * ctx.rng.choice((0.27, 0.73))
    draw_window(ctx, scene, window_x, ctx.h * 0.1, ctx.w * 0.3, hz * 0.5)
    ROOMS.get(scene.setting, room_bedroom)(ctx, scene, window_x)


def draw_window(ctx: Ctx, scene: Scene, cx: float, top: float, w: float, h: float) -> None:
    """A window onto the outdoor sky, drawn as a tiny outdoor scene of its own."""
    x0, y0 = round(cx - w / 2), round(top)
    view = ctx.sub(round(w), round(h), round(h * 0.78))
    view.tint_amount = 0.0
    view.snowy = "snow" in scene.weather
    draw_sky(view, scene)
    draw_sky_things(view, scene)
    hills(view, view.horizon, view.u * 6, FAR_GRASS, 1.0)
    weather_front(view, scene)
    ctx.img.paste(view.img, (x0, y0))
    frame = ctx.tone((250, 250, 246))
    lw = max(2, round(ctx.u * 1.2))
    ctx.d.rectangle((x0, y0, x0 + w, y0 + h), outline=frame, width=lw)
    ctx.d.line([(cx, y0), (cx, y0 + h)], fill=frame, width=lw)
    ctx.d.line([(x0, y0 + h / 2), (x0 + w, y0 + h / 2)], fill=frame, width=lw)
    ctx.d.rectangle((x0 - ctx.u * 2, y0 + h, x0 + w + ctx.u * 2, y0 + h + ctx.u * 1.6), fill=frame)
    curtain = ctx.tone((230, 120, 130) if scene.setting == "bedroom" else (120, 170, 220))
    for side in (-1, 1):
        edge = cx + side * (w / 2 + ctx.u * 3)
        inner = cx + side * (w / 2 - ctx.u * 3)
        ctx.d.polygon(
            [
                (edge, y0 - ctx.u * 3),
                (inner, y0 - ctx.u * 3),
                (edge + side * ctx.u, y0 + h + ctx.u * 4),
                (edge + side * ctx.u * 3, y0 + h + ctx.u * 4),
            ],
            fill=curtain,
            outline=outline_of(curtain),
        )


def room_bedroom(ctx: Ctx, scene: Scene, window_x: float) -> None:
    hz, u = ctx.horizon, ctx.u
    bed_x = ctx.w - window_x
    pen = Pen(ctx, bed_x, hz + u * 4, ctx.h * 0.3, k=1.0)
    wood: RGB = (170, 116, 80)
    pen.rect(-0.55, -0.75, -0.45, 0.0, wood, r=0.04)
    pen.rect(-0.5, -0.35, 0.55, -0.12, (250, 248, 242))
    pen.rect(-0.44, -0.5, -0.12, -0.33, WHITE, r=0.06)
    pen.rect(-0.3, -0.38, 0.62, -0.02, (110, 150, 220), r=0.05)
    for i in range(4):
        pen.oval(-0.15 + i * 0.2, -0.2, 0.04, 0.04, (250, 220, 100), line=False)
    pen.rect(0.55, -0.45, 0.62, 0.06, wood)
    frame_x = window_x + (ctx.w * 0.26 if window_x < ctx.w / 2 else -ctx.w * 0.26)
    picture = Pen(ctx, frame_x, hz * 0.42, ctx.h * 0.12, k=1.0)
    picture.rect(-0.5, -0.8, 0.5, 0.0, (200, 150, 90))
    picture.rect(-0.42, -0.72, 0.42, -0.08, (200, 230, 250))
    picture.poly([(-0.42, -0.08), (-0.1, -0.5), (0.2, -0.08)], (120, 180, 110), line=False)
    picture.oval(0.2, -0.52, 0.08, 0.08, (255, 200, 80), line=False)
    rug = ctx.tone((240, 180, 140))
    cx, cy = ctx.w / 2, hz + (ctx.h - hz) * 0.62
    ctx.d.ellipse(
        (cx - ctx.w * 0.36, cy - u * 8, cx + ctx.w * 0.36, cy + u * 8),
        fill=rug,
        outline=darker(rug, 0.2),
        width=max(1, round(u * 0.8)),
    )
    if ctx.dark:
        lamp = Pen(
            ctx,
            bed_x + ctx.w * 0.22 * (1 if bed_x < ctx.w / 2 else -1),
            hz + u * 2,
            ctx.h * 0.18,
            k=0.3,
        )
        for r in (0.7, 0.5, 0.32):
            lamp.soft(0, -0.82, r, r, (255, 220, 130, 28))
        lamp.rect(-0.25, -0.4, 0.25, 0.0, wood)
        lamp.poly([(-0.18, -0.95), (0.18, -0.95), (0.26, -0.7), (-0.26, -0.7)], (255, 226, 150))
        lamp.rect(-0.03, -0.7, 0.03, -0.4, (120, 110, 100))


def room_kitchen(ctx: Ctx, scene: Scene, window_x: float) -> None:
    hz, u = ctx.horizon, ctx.u
    counter_top = hz - ctx.h * 0.16
    tile = ctx.tone((236, 244, 248))
    ink = ctx.tone((200, 214, 224))
    ctx.d.rectangle((0, counter_top - ctx.h * 0.1, ctx.w, counter_top), fill=tile)
    step = u * 4
    for i in range(int(ctx.w / step) + 1):
        ctx.d.line([(i * step, counter_top - ctx.h * 0.1), (i * step, counter_top)], fill=ink)
    ctx.d.line([(0, counter_top - ctx.h * 0.05), (ctx.w, counter_top - ctx.h * 0.05)], fill=ink)
    cabinet = ctx.tone((120, 170, 150))
    ctx.d.rectangle((0, counter_top, ctx.w, hz), fill=cabinet)
    ctx.d.rectangle((0, counter_top - u, ctx.w, counter_top + u), fill=ctx.tone((240, 236, 228)))
    door_w = ctx.w / 7
    for i in range(7):
        x = i * door_w
        ctx.d.rectangle(
            (x + u, counter_top + u * 3, x + door_w - u, hz - u * 2),
            outline=darker(cabinet, 0.2),
            width=max(1, round(u * 0.4)),
        )
        ctx.d.ellipse(
            (
                x + door_w / 2 - u * 0.8,
                counter_top + u * 5,
                x + door_w / 2 + u * 0.8,
                counter_top + u * 6.6,
            ),
            fill=ctx.tone((230, 200, 120)),
        )
    pot_x = ctx.w - window_x
    pen = Pen(ctx, pot_x, counter_top - u, ctx.h * 0.1, k=1.0)
    pen.rect(-0.5, -0.7, 0.5, 0.0, (214, 80, 70), r=0.1)
    pen.rect(-0.55, -0.8, 0.55, -0.68, (190, 60, 60), r=0.05)
    pen.stroke([(-0.7, -0.5), (-0.5, -0.5)], (60, 50, 50), 0.08)
    for dx in (-0.2, 0.15):
        pen.arc(dx, -1.05, 0.08, 0.2, 100, 260, (255, 255, 255), 0.04)
    for i, colour in enumerate(((230, 70, 60), (250, 180, 50), (120, 190, 80))):
        pen.oval(1.0 + i * 0.28, -0.15, 0.13, 0.13, colour)


def room_classroom(ctx: Ctx, scene: Scene, window_x: float) -> None:
    hz, u = ctx.horizon, ctx.u
    board_x = ctx.w - window_x
    bw, bh = ctx.w * 0.36, hz * 0.42
    x0, y0 = board_x - bw / 2, ctx.h * 0.1
    ctx.d.rectangle((x0 - u, y0 - u, x0 + bw + u, y0 + bh + u), fill=ctx.tone((170, 120, 80)))
    ctx.d.rectangle((x0, y0, x0 + bw, y0 + bh), fill=ctx.tone((50, 100, 80)))
    chalk = ctx.tone((240, 240, 230))
    lw = max(1, round(u * 0.5))
    r = bh * 0.13
    sx, sy = x0 + bw * 0.22, y0 + bh * 0.32
    ctx.d.ellipse((sx - r, sy - r, sx + r, sy + r), outline=chalk, width=lw)
    for i in range(8):
        a = i * math.pi / 4
        ctx.d.line(
            [
                (sx + r * 1.3 * math.cos(a), sy + r * 1.3 * math.sin(a)),
                (sx + r * 1.7 * math.cos(a), sy + r * 1.7 * math.sin(a)),
            ],
            fill=chalk,
            width=lw,
        )
    ctx.d.line(
        wave_points(x0 + bw * 0.45, y0 + bh * 0.3, bw * 0.45, bh * 0.06), fill=chalk, width=lw
    )
    ctx.d.line(
        wave_points(x0 + bw * 0.45, y0 + bh * 0.55, bw * 0.35, bh * 0.06), fill=chalk, width=lw
    )
    ctx.d.polygon(star_points(x0 + bw * 0.25, y0 + bh * 0.72, bh * 0.12), outline=chalk, width=lw)
    clock_x = window_x + (ctx.w * 0.24 if window_x < ctx.w / 2 else -ctx.w * 0.24)
    r = u * 5
    cy = ctx.h * 0.12
    ctx.d.ellipse(
        (clock_x - r, cy - r, clock_x + r, cy + r),
        fill=ctx.tone(WHITE),
        outline=ctx.tone((200, 80, 70)),
        width=max(1, round(u * 0.8)),
    )
    ctx.d.line([(clock_x, cy), (clock_x, cy - r * 0.7)], fill=INK, width=lw)
    ctx.d.line([(clock_x, cy), (clock_x + r * 0.5, cy)], fill=INK, width=lw)
    for i in range(3):
        desk = Pen(ctx, ctx.w * (0.2 + 0.3 * i), hz + u * 3, ctx.h * 0.12, k=1.0)
        desk.rect(-0.7, -0.75, 0.7, -0.6, (200, 150, 100))
        desk.rect(-0.6, -0.6, -0.52, 0.0, (150, 150, 160))
        desk.rect(0.52, -0.6, 0.6, 0.0, (150, 150, 160))
    colours: list[RGB] = [(226, 80, 80), (70, 130, 210), (240, 170, 60), (90, 170, 100)]
    bunting(ctx, u * 3, colours)


def wave_points(x: float, y: float, w: float, amp: float) -> list[Point]:
    return [(x + w * i / 16, y + amp * math.sin(i * math.pi / 4)) for i in range(17)]


ROOMS: dict[str, Callable[[Ctx, Scene, float], None]] = {
    "bedroom": room_bedroom,
    "kitchen": room_kitchen,
    "classroom": room_classroom,
}

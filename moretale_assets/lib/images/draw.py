"""Draw a `Scene` as a flat, children's-book picture with plain Pillow shapes.

Everything is drawn once at the target size (no supersampling) from a few dozen simple shapes
per element, which keeps a 1024 px page well under the time budget. Colours are toned by the
time of day in one place (`Ctx.tone`) instead of tinting pixels afterwards, for the same reason.
Randomness only moves things around: how a character looks comes from the scene itself, so the
hero looks the same on every page of a book.
"""

from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from PIL import Image, ImageDraw

from moretale_assets.lib.images.scene import Character, HeroLook, Scene, Thing

T = TypeVar("T")
RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Point = tuple[float, float]

# --- colours ---------------------------------------------------------------------------------

NAMED: dict[str, RGB] = {
    "red": (222, 64, 60),
    "orange": (242, 140, 48),
    "yellow": (250, 208, 60),
    "green": (88, 168, 78),
    "blue": (66, 126, 212),
    "purple": (144, 92, 192),
    "pink": (242, 144, 182),
    "brown": (142, 96, 60),
    "white": (246, 244, 238),
    "black": (52, 50, 58),
    "golden": (232, 182, 58),
    "silver": (192, 198, 208),
    "gray": (150, 152, 160),
}
HAIR: dict[str, RGB] = {
    "black": (38, 34, 40),
    "brown": (104, 66, 38),
    "golden": (236, 192, 92),
    "yellow": (240, 204, 100),
    "red": (186, 78, 38),
    "orange": (206, 104, 44),
    "white": (236, 236, 232),
    "gray": (168, 168, 172),
    "silver": (196, 198, 204),
}
SKIN: dict[str, RGB] = {
    "fair": (255, 226, 204),
    "tan": (232, 186, 146),
    "brown": (186, 128, 88),
    "deep": (122, 80, 56),
}
DEFAULT_SKIN: RGB = (248, 212, 180)
INK: RGB = (46, 36, 44)
WHITE: RGB = (255, 255, 255)
BLUSH: RGBA = (255, 120, 130, 90)

SKY: dict[str, list[tuple[float, RGB]]] = {
    "dawn": [(0.0, (98, 112, 184)), (0.55, (236, 162, 186)), (1.0, (255, 206, 168))],
    "morning": [(0.0, (102, 172, 236)), (1.0, (218, 238, 250))],
    "day": [(0.0, (82, 156, 232)), (1.0, (196, 228, 250))],
    "noon": [(0.0, (58, 138, 230)), (1.0, (178, 220, 250))],
    "afternoon": [(0.0, (92, 156, 226)), (1.0, (246, 226, 190))],
    "sunset": [(0.0, (82, 72, 150)), (0.5, (236, 122, 112)), (1.0, (255, 186, 90))],
    "evening": [(0.0, (36, 36, 96)), (0.6, (122, 82, 142)), (1.0, (226, 132, 122))],
    "night": [(0.0, (12, 18, 52)), (1.0, (44, 58, 118))],
}
SPACE_SKY = [(0.0, (8, 6, 30)), (0.7, (34, 20, 70)), (1.0, (60, 34, 96))]
# (colour, amount) every scene colour is pulled towards, so one light colours the whole page.
TINT: dict[str, tuple[RGB, float]] = {
    "dawn": ((255, 170, 190), 0.12),
    "morning": ((255, 248, 225), 0.04),
    "day": ((255, 255, 255), 0.0),
    "noon": ((255, 255, 240), 0.02),
    "afternoon": ((255, 214, 150), 0.08),
    "sunset": ((255, 128, 70), 0.2),
    "evening": ((70, 50, 124), 0.34),
    "night": ((22, 30, 84), 0.52),
}
GRAY_SKY: RGB = (150, 158, 172)
DARK_TIMES = frozenset({"evening", "night"})


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def darker(c: Sequence[int], t: float = 0.25) -> RGB:
    return mix(c, (20, 14, 30), t)


def lighter(c: Sequence[int], t: float = 0.3) -> RGB:
    return mix(c, WHITE, t)


def alpha(c: Sequence[int], a: int) -> RGBA:
    return (c[0], c[1], c[2], a)


def named(name: str | None, default: RGB, table: dict[str, RGB] = NAMED) -> RGB:
    return table.get(name or "", NAMED.get(name or "", default))


def pick(options: Sequence[T], *keys: object) -> T:
    """A stable choice from `options` keyed by `keys` (same keys, same pick, every run)."""
    return options[zlib.crc32("|".join(map(str, keys)).encode()) % len(options)]


# --- drawing context -------------------------------------------------------------------------


@dataclass
class Ctx:
    img: Image.Image
    rng: random.Random
    time: str
    horizon: int
    tint: RGB = (255, 255, 255)
    tint_amount: float = 0.0
    snowy: bool = False
    stand_min: int = 0  # characters' feet go no higher than this (e.g. below the sea)
    haze: RGB = (206, 226, 246)  # colour far things fade into: the sky at the horizon
    water: tuple[float, float] | None = None  # (top, bottom) of a river or lake, for boats
    d: ImageDraw.ImageDraw = field(init=False)
    a: ImageDraw.ImageDraw = field(init=False)  # blends translucent fills

    def __post_init__(self) -> None:
        self.d = ImageDraw.Draw(self.img)
        self.a = ImageDraw.Draw(self.img, "RGBA")

    @property
    def w(self) -> int:
        return self.img.width

    @property
    def h(self) -> int:
        return self.img.height

    @property
    def u(self) -> float:
        """A length unit that scales with the picture."""
        return min(self.w, self.h) / 100

    @property
    def dark(self) -> bool:
        return self.time in DARK_TIMES

    def tone(self, c: Sequence[int], k: float = 1.0) -> RGB:
        return mix(c, self.tint, self.tint_amount * k)

    def sub(self, w: int, h: int, horizon: int) -> Ctx:
        img = Image.new("RGB", (max(1, w), max(1, h)))
        return Ctx(
            img,
            self.rng,
            self.time,
            horizon,
            self.tint,
            self.tint_amount,
            self.snowy,
            haze=self.haze,
        )


def gradient(w: int, h: int, stops: Sequence[tuple[float, Sequence[int]]]) -> Image.Image:
    """A vertical gradient, built as one column and stretched (far faster than drawing rows)."""
    h = max(1, h)
    column = Image.new("RGB", (1, h))
    pixels: list[RGB] = []
    for y in range(h):
        t = y / max(1, h - 1)
        for (t0, c0), (t1, c1) in itertools.pairwise(stops):
            if t <= t1 or (t1, c1) == stops[-1]:
                pixels.append(mix(c0, c1, min(1.0, max(0.0, (t - t0) / max(1e-6, t1 - t0)))))
                break
    column.putdata(pixels)
    return column.resize((max(1, w), h), Image.Resampling.NEAREST)


def fill_gradient(ctx: Ctx, top: int, bottom: int, stops: Sequence[tuple[float, RGB]]) -> None:
    if bottom > top:
        toned = [(t, ctx.tone(c)) for t, c in stops]
        ctx.img.paste(gradient(ctx.w, bottom - top, toned), (0, top))


def ground_colour(ctx: Ctx, c: RGB) -> RGB:
    return ctx.tone(mix(c, (244, 248, 255), 0.72) if ctx.snowy else c)


def outline_of(c: Sequence[int]) -> RGB:
    return mix(c, INK, 0.55)


class Pen:
    """Draws a figure in its own units: x right, y up from the feet, 1 unit = figure height."""

    def __init__(self, ctx: Ctx, x: float, y: float, s: float, flip: bool = False, k: float = 0.6):
        self.ctx, self.x, self.y, self.s = ctx, x, y, s
        self.f = -1.0 if flip else 1.0
        self.k = k  # how much of the scene's light tint the figure takes
        self.lw = max(1, round(s * 0.012))

    def p(self, ux: float, uy: float) -> Point:
        return (self.x + ux * self.s * self.f, self.y + uy * self.s)

    def c(self, colour: Sequence[int]) -> RGB:
        return self.ctx.tone(colour, self.k)

    def oval(
        self, ux: float, uy: float, rx: float, ry: float, fill: RGB, line: bool = True
    ) -> None:
        x, y = self.p(ux, uy)
        box = (x - rx * self.s, y - ry * self.s, x + rx * self.s, y + ry * self.s)
        colour = self.c(fill)
        self.ctx.d.ellipse(
            box, fill=colour, outline=outline_of(colour) if line else None, width=self.lw
        )

    def poly(self, pts: Sequence[Point], fill: RGB, line: bool = True) -> None:
        colour = self.c(fill)
        self.ctx.d.polygon(
            [self.p(*q) for q in pts],
            fill=colour,
            outline=outline_of(colour) if line else None,
            width=self.lw,
        )

    def rot_oval(
        self, ux: float, uy: float, rx: float, ry: float, deg: float, fill: RGB, line: bool = True
    ) -> None:
        """An ellipse turned by `deg` (clockwise on screen); Pillow cannot rotate ellipses."""
        a = math.radians(deg)
        ca, sa = math.cos(a), math.sin(a)
        pts = []
        for i in range(28):
            t = 2 * math.pi * i / 28
            ex, ey = rx * math.cos(t), ry * math.sin(t)
            pts.append((ux + ex * ca - ey * sa, uy + ex * sa + ey * ca))
        self.poly(pts, fill, line)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: RGB, r: float = 0.0) -> None:
        (ax, ay), (bx, by) = self.p(x0, y0), self.p(x1, y1)
        box = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        colour = self.c(fill)
        self.ctx.d.rounded_rectangle(
            box, radius=r * self.s, fill=colour, outline=outline_of(colour), width=self.lw
        )

    def stroke(self, pts: Sequence[Point], colour: RGB, width: float, tone: bool = True) -> None:
        """A thick polyline with round ends."""
        ink = self.c(colour) if tone else tuple(colour)
        xy = [self.p(*q) for q in pts]
        wpx = max(1, round(width * self.s))
        self.ctx.d.line(xy, fill=ink, width=wpx, joint="curve")
        r = wpx / 2 - 0.5
        if r >= 1:
            for x, y in (xy[0], xy[-1]):
                self.ctx.d.ellipse((x - r, y - r, x + r, y + r), fill=ink)

    def arc(
        self,
        ux: float,
        uy: float,
        rx: float,
        ry: float,
        start: float,
        end: float,
        colour: RGB,
        width: float,
    ) -> None:
        if self.f < 0:
            start, end = 180 - end, 180 - start
        x, y = self.p(ux, uy)
        box = (x - rx * self.s, y - ry * self.s, x + rx * self.s, y + ry * self.s)
        self.ctx.d.arc(box, start, end, fill=self.c(colour), width=max(1, round(width * self.s)))

    def soft(self, ux: float, uy: float, rx: float, ry: float, colour: RGBA) -> None:
        x, y = self.p(ux, uy)
        box = (x - rx * self.s, y - ry * self.s, x + rx * self.s, y + ry * self.s)
        self.ctx.a.ellipse(box, fill=colour)


# --- shared shapes ---------------------------------------------------------------------------


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


# --- sky -------------------------------------------------------------------------------------


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


# --- outdoor settings ------------------------------------------------------------------------
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


# --- indoor settings -------------------------------------------------------------------------

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


# --- faces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceSpec:
    """Where a face's parts sit, as fractions of the head radius from its centre."""

    eye_dx: float = 0.38
    eye_dy: float = -0.05
    eye: float = 0.13
    mouth_dy: float = 0.38
    mouth_w: float = 0.26
    blush: bool = True
    mouth: bool = True


HUMAN_FACE = FaceSpec()


def draw_face(
    pen: Pen,
    ux: float,
    uy: float,
    r: float,
    mood: str,
    spec: FaceSpec = HUMAN_FACE,
) -> None:
    """Eyes, brows and mouth at head centre (ux, uy), head radius r (pen units)."""
    d = pen.ctx.d
    cx, cy = pen.p(ux, uy)
    rp = r * pen.s
    lw = max(1, round(rp * 0.08))
    ink = pen.c(INK)
    if spec.blush and mood not in {"scared", "sad"}:
        for side in (-1, 1):
            bx, by = cx + side * rp * (spec.eye_dx + 0.18), cy + rp * (spec.eye_dy + 0.28)
            pen.ctx.a.ellipse(
                (bx - rp * 0.14, by - rp * 0.08, bx + rp * 0.14, by + rp * 0.08), fill=BLUSH
            )
    for side in (-1, 1):
        ex, ey = cx + side * rp * spec.eye_dx, cy + rp * spec.eye_dy
        draw_eye(d, ex, ey, rp * spec.eye, mood, ink, lw)
        draw_brow(d, ex, ey, rp * spec.eye, side, mood, ink, lw)
    if spec.mouth:
        draw_mouth(pen, cx, cy + rp * spec.mouth_dy, rp * spec.mouth_w, mood, ink, lw)
    if mood == "sad":
        tx, ty = cx + rp * spec.eye_dx, cy + rp * (spec.eye_dy + spec.eye * 2.2)
        d.ellipse(
            (tx - rp * 0.05, ty - rp * 0.05, tx + rp * 0.05, ty + rp * 0.09), fill=(140, 200, 250)
        )


def draw_eye(
    d: ImageDraw.ImageDraw, x: float, y: float, e: float, mood: str, ink: RGB, lw: int
) -> None:
    if mood == "calm":
        d.arc((x - e, y - e, x + e, y + e), 20, 160, fill=ink, width=lw)  # closed, content
        return
    if mood == "excited":
        d.arc((x - e, y - e * 0.6, x + e, y + e * 1.2), 200, 340, fill=ink, width=lw)  # ^ ^
        return
    if mood in {"surprised", "scared"}:
        d.ellipse(
            (x - e * 1.1, y - e * 1.3, x + e * 1.1, y + e * 1.3),
            fill=WHITE,
            outline=ink,
            width=max(1, lw // 2),
        )
        p = e * 0.5
        d.ellipse((x - p, y - p, x + p, y + p), fill=ink)
        return
    dy = e * 0.25 if mood == "sad" else 0.0
    d.ellipse((x - e * 0.8, y - e + dy, x + e * 0.8, y + e + dy), fill=ink)
    h = e * 0.35
    d.ellipse(
        (x + e * 0.1, y - e * 0.6 + dy, x + e * 0.1 + h * 2, y - e * 0.6 + h * 2 + dy), fill=WHITE
    )


def draw_brow(
    d: ImageDraw.ImageDraw, x: float, y: float, e: float, side: int, mood: str, ink: RGB, lw: int
) -> None:
    top = y - e * 2.1
    if mood in {"sad", "scared"}:
        # Inner end raised: the classic worried brow.
        lift = e * (0.9 if mood == "scared" else 0.6)
        d.line(
            [(x + side * e * 1.1, top + lift * 0.2), (x - side * e * 0.9, top - lift)],
            fill=ink,
            width=lw,
        )
    elif mood == "surprised":
        d.arc(
            (x - e * 1.1, top - e * 1.2, x + e * 1.1, top + e * 0.6), 200, 340, fill=ink, width=lw
        )
    elif mood == "excited":
        d.arc((x - e, top - e * 0.6, x + e, top + e * 0.8), 210, 330, fill=ink, width=lw)


def draw_mouth(pen: Pen, x: float, y: float, w: float, mood: str, ink: RGB, lw: int) -> None:
    d = pen.ctx.d
    if mood == "calm":
        d.arc((x - w * 0.6, y - w * 0.6, x + w * 0.6, y + w * 0.3), 30, 150, fill=ink, width=lw)
    elif mood == "excited":
        box = (x - w, y - w * 0.5, x + w, y + w * 0.9)
        d.chord(box, 0, 180, fill=(150, 40, 60), outline=ink, width=lw)
        d.ellipse((x - w * 0.45, y + w * 0.35, x + w * 0.45, y + w * 0.85), fill=(240, 120, 130))
    elif mood == "sad":
        d.arc((x - w * 0.75, y, x + w * 0.75, y + w * 0.9), 205, 335, fill=ink, width=lw)
    elif mood == "surprised":
        d.ellipse(
            (x - w * 0.35, y - w * 0.25, x + w * 0.35, y + w * 0.55),
            fill=(150, 40, 60),
            outline=ink,
            width=lw,
        )
    elif mood == "scared":  # a small wobbly line
        pts = [
            (x - w * 0.6 + i * w * 0.2, y + w * 0.2 + (w * 0.12 if i % 2 else -w * 0.05))
            for i in range(7)
        ]
        d.line(pts, fill=ink, width=lw, joint="curve")
    else:  # happy, and anything unknown
        d.arc((x - w, y - w * 0.9, x + w, y + w * 0.6), 25, 155, fill=ink, width=lw)


# --- children --------------------------------------------------------------------------------

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


# --- animals ---------------------------------------------------------------------------------
# Front-facing (turtle and bird in profile), feet at the origin, top of the head at about -1.
# Each is told apart by one or two loud features: ears, tail, beak, shell, wings, trunk.

PINK: RGB = (244, 160, 176)
BEAK: RGB = (246, 150, 50)
CREAM: RGB = (250, 238, 214)
NOSE: RGB = (50, 40, 44)
ANIMAL_FACE = FaceSpec(eye_dx=0.4, eye_dy=-0.12, eye=0.14, mouth_dy=0.42, mouth_w=0.22)
BEAK_FACE = FaceSpec(eye_dx=0.42, eye_dy=-0.1, eye=0.15, mouth=False)


def rabbit(pen: Pen, c: RGB, mood: str) -> None:
    pen.oval(0.25 * 1, -0.14, 0.09, 0.09, lighter(c, 0.5))
    pen.oval(0.0, -0.23, 0.24, 0.23, c)
    pen.oval(0.0, -0.2, 0.14, 0.15, lighter(c, 0.45), line=False)
    for side in (-1, 1):
        pen.oval(0.13 * side, -0.03, 0.11, 0.045, lighter(c, 0.3))
        pen.rot_oval(0.085 * side, -0.79, 0.06, 0.2, 8 * side, c)
        pen.rot_oval(0.085 * side, -0.78, 0.028, 0.14, 8 * side, PINK, line=False)
    pen.oval(0.0, -0.52, 0.2, 0.18, c)
    draw_face(pen, 0.0, -0.52, 0.18, mood, ANIMAL_FACE)
    pen.oval(0.0, -0.49, 0.03, 0.022, PINK)
    for side in (-1, 1):
        pen.oval(0.09 * side, -0.31, 0.05, 0.04, c)


def bear(pen: Pen, c: RGB, mood: str) -> None:
    for side in (-1, 1):
        pen.oval(0.17 * side, -0.88, 0.085, 0.085, c)
        pen.oval(0.17 * side, -0.88, 0.045, 0.045, lighter(c, 0.35), line=False)
    pen.oval(0.0, -0.3, 0.3, 0.3, c)
    pen.oval(0.0, -0.26, 0.18, 0.19, lighter(c, 0.35), line=False)
    for side in (-1, 1):
        pen.rot_oval(0.27 * side, -0.38, 0.07, 0.13, -25 * side, c)
        pen.oval(0.15 * side, -0.04, 0.1, 0.06, c)
        pen.oval(0.15 * side, -0.04, 0.05, 0.03, lighter(c, 0.35), line=False)
    pen.oval(0.0, -0.7, 0.24, 0.22, c)
    pen.oval(0.0, -0.62, 0.1, 0.075, lighter(c, 0.4))
    draw_face(
        pen,
        0.0,
        -0.72,
        0.22,
        mood,
        FaceSpec(eye_dx=0.42, eye_dy=-0.12, eye=0.12, mouth_dy=0.55, mouth_w=0.18),
    )
    pen.oval(0.0, -0.655, 0.035, 0.025, NOSE)


def fox(pen: Pen, c: RGB, mood: str) -> None:
    pen.rot_oval(0.3, -0.24, 0.11, 0.25, 35, c)
    pen.rot_oval(0.43, -0.42, 0.06, 0.08, 35, WHITE)
    pen.oval(0.0, -0.25, 0.2, 0.25, c)
    pen.oval(0.0, -0.28, 0.1, 0.17, WHITE, line=False)
    for side in (-1, 1):
        pen.oval(0.1 * side, -0.04, 0.07, 0.05, (70, 50, 50))
        pen.poly([(0.06 * side, -0.74), (0.22 * side, -0.72), (0.18 * side, -0.97)], c)
        pen.poly(
            [(0.1 * side, -0.75), (0.19 * side, -0.74), (0.175 * side, -0.9)],
            (70, 50, 50),
            line=False,
        )
    pen.poly([(-0.25, -0.6), (-0.16, -0.76), (0.16, -0.76), (0.25, -0.6), (0.0, -0.47)], c)
    for side in (-1, 1):
        pen.poly([(0.24 * side, -0.6), (0.03 * side, -0.58), (0.0, -0.48)], WHITE, line=False)
    draw_face(
        pen,
        0.0,
        -0.66,
        0.2,
        mood,
        FaceSpec(eye_dx=0.4, eye_dy=0.0, eye=0.13, mouth_dy=0.75, mouth_w=0.14, blush=False),
    )
    pen.oval(0.0, -0.515, 0.03, 0.022, NOSE)


def cat(pen: Pen, c: RGB, mood: str) -> None:
    pen.stroke(
        [(0.15, -0.06), (0.32, -0.12), (0.36, -0.3), (0.3, -0.45)],
        outline_of(pen.c(c)),
        0.075,
        tone=False,
    )
    pen.stroke([(0.15, -0.06), (0.32, -0.12), (0.36, -0.3), (0.3, -0.45)], c, 0.055)
    pen.oval(0.0, -0.23, 0.2, 0.23, c)
    pen.oval(0.0, -0.22, 0.1, 0.14, lighter(c, 0.4), line=False)
    for side in (-1, 1):
        pen.oval(0.09 * side, -0.03, 0.07, 0.04, lighter(c, 0.2))
        pen.poly([(0.07 * side, -0.74), (0.21 * side, -0.68), (0.19 * side, -0.93)], c)
        pen.poly(
            [(0.11 * side, -0.73), (0.18 * side, -0.7), (0.175 * side, -0.85)], PINK, line=False
        )
    pen.oval(0.0, -0.62, 0.22, 0.18, c)
    for dx in (-0.04, 0.0, 0.04):
        pen.stroke([(dx, -0.78), (dx, -0.73)], darker(c, 0.3), 0.015)
    draw_face(pen, 0.0, -0.62, 0.18, mood, ANIMAL_FACE)
    pen.poly([(-0.025, -0.6), (0.025, -0.6), (0.0, -0.58)], PINK)
    for side in (-1, 1):
        for dy in (-0.01, 0.02):
            pen.stroke([(0.09 * side, -0.58 + dy), (0.28 * side, -0.6 + dy * 2)], INK, 0.006)


def dog(pen: Pen, c: RGB, mood: str) -> None:
    wag = [(0.18, -0.12), (0.3, -0.2), (0.36, -0.36)]
    pen.stroke(wag, outline_of(pen.c(c)), 0.075, tone=False)
    pen.stroke(wag, c, 0.055)
    pen.oval(0.0, -0.26, 0.24, 0.26, c)
    pen.oval(0.0, -0.24, 0.13, 0.17, lighter(c, 0.4), line=False)
    for side in (-1, 1):
        pen.oval(0.12 * side, -0.035, 0.08, 0.045, lighter(c, 0.2))
    pen.rect(-0.15, -0.5, 0.15, -0.45, (220, 60, 60), r=0.02)
    pen.oval(0.0, -0.44, 0.03, 0.03, (250, 210, 60))
    pen.oval(0.0, -0.66, 0.22, 0.2, c)
    pen.oval(0.0, -0.58, 0.11, 0.08, lighter(c, 0.45))
    if mood in {"happy", "excited"}:
        pen.oval(0.02, -0.5, 0.035, 0.05, (236, 100, 120))
    draw_face(
        pen,
        0.0,
        -0.68,
        0.2,
        mood,
        FaceSpec(eye_dx=0.38, eye_dy=-0.1, eye=0.13, mouth_dy=0.62, mouth_w=0.16),
    )
    pen.oval(0.0, -0.61, 0.04, 0.03, NOSE)
    for side in (-1, 1):
        pen.rot_oval(0.21 * side, -0.62, 0.07, 0.15, -15 * side, darker(c, 0.25))


def bird(pen: Pen, c: RGB, mood: str, flying: bool = True) -> None:
    wing = darker(c, 0.2)
    pen.poly([(-0.28, -0.45), (-0.58, -0.58), (-0.55, -0.34)], wing)
    if flying:
        pen.poly([(-0.1, -0.55), (0.1, -0.55), (-0.18, -1.0), (-0.3, -0.88)], wing)
    else:
        for dx in (-0.06, 0.08):
            pen.stroke([(dx, -0.2), (dx, 0.0)], BEAK, 0.025)
    pen.oval(0.0, -0.45, 0.32, 0.27, c)
    pen.oval(0.06, -0.38, 0.2, 0.15, lighter(c, 0.5), line=False)
    pen.oval(0.14, -0.68, 0.2, 0.19, c)
    pen.poly([(0.3, -0.73), (0.5, -0.66), (0.3, -0.6)], BEAK)
    if not flying:
        pen.rot_oval(-0.08, -0.48, 0.2, 0.11, -20, wing)
    ex, ey = pen.p(0.2, -0.72)
    e = 0.045 * pen.s
    draw_eye(pen.ctx.d, ex, ey, e, mood, pen.c(INK), max(1, round(e * 0.5)))


def owl(pen: Pen, c: RGB, mood: str) -> None:
    for side in (-1, 1):
        pen.poly([(0.08 * side, -0.78), (0.26 * side, -0.76), (0.25 * side, -0.98)], c)
    pen.oval(0.0, -0.45, 0.3, 0.42, c)
    pen.oval(0.0, -0.32, 0.2, 0.25, lighter(c, 0.4), line=False)
    for row, y in enumerate((-0.42, -0.3, -0.18)):
        for k in range(3 - row % 2):
            x = (k - (2 - row % 2) / 2) * 0.09
            pen.arc(x, y, 0.03, 0.025, 20, 160, darker(c, 0.2), 0.012)
    for side in (-1, 1):
        pen.rot_oval(0.28 * side, -0.42, 0.08, 0.22, -12 * side, darker(c, 0.2))
        pen.oval(0.12 * side, -0.62, 0.13, 0.13, lighter(c, 0.5))
        pen.oval(0.09 * side, -0.02, 0.06, 0.03, BEAK)
    if mood == "calm":
        for side in (-1, 1):
            pen.arc(0.12 * side, -0.63, 0.07, 0.05, 20, 160, INK, 0.02)
    else:
        big = 0.1 if mood in {"surprised", "scared"} else 0.085
        for side in (-1, 1):
            pen.oval(0.12 * side, -0.62, big, big, (250, 206, 70))
            pen.oval(0.12 * side, -0.62, big * 0.55, big * 0.55, INK, line=False)
            pen.oval(0.12 * side + 0.02, -0.645, 0.018, 0.018, WHITE, line=False)
    pen.poly([(-0.04, -0.54), (0.04, -0.54), (0.0, -0.45)], BEAK)


def turtle(pen: Pen, c: RGB, mood: str) -> None:
    skin = mix(c, (150, 200, 110), 0.5)
    pen.poly([(-0.62, -0.2), (-0.78, -0.16), (-0.6, -0.12)], skin)
    for x in (-0.4, 0.32):
        pen.oval(x, -0.1, 0.12, 0.11, skin)
    pen.rot_oval(0.6, -0.34, 0.16, 0.1, -25, skin)
    pen.oval(0.72, -0.48, 0.19, 0.17, skin)
    draw_face(pen, 0.74, -0.49, 0.17, mood, ANIMAL_FACE)
    shell = darker(c, 0.15)
    x0, y0 = pen.p(-0.68, -1.0)
    x1, y1 = pen.p(0.58, -0.2 + 0.8)
    ink = pen.c(shell)
    pen.ctx.d.pieslice(
        (min(x0, x1), y0, max(x0, x1), y1),
        180,
        360,
        fill=ink,
        outline=outline_of(ink),
        width=pen.lw,
    )
    plate = lighter(c, 0.15)
    pen.poly(hexagon(-0.05, -0.62, 0.17), plate)
    for dx, dy in ((-0.38, -0.42), (0.28, -0.42), (-0.05, -0.3)):
        pen.poly(hexagon(dx, dy, 0.1), plate)
    pen.rect(-0.72, -0.27, 0.62, -0.16, lighter(shell, 0.3), r=0.05)


def hexagon(x: float, y: float, r: float) -> list[Point]:
    return [
        (x + r * math.cos(i * math.pi / 3), y + r * 0.8 * math.sin(i * math.pi / 3))
        for i in range(6)
    ]


def dragon(pen: Pen, c: RGB, mood: str) -> None:
    membrane = mix(c, (150, 90, 190), 0.45)
    for side in (-1, 1):
        pts = [
            (0.1, -0.55),
            (0.55, -0.98),
            (0.5, -0.8),
            (0.62, -0.74),
            (0.5, -0.6),
            (0.58, -0.5),
            (0.18, -0.4),
        ]
        pen.poly([(x * side, y) for x, y in pts], membrane)
    tail = [(0.12, -0.12), (0.38, -0.08), (0.52, -0.2)]
    pen.stroke(tail, outline_of(pen.c(c)), 0.1, tone=False)
    pen.stroke(tail, c, 0.08)
    pen.poly([(0.47, -0.22), (0.62, -0.32), (0.6, -0.14)], (250, 190, 60))
    pen.oval(0.0, -0.32, 0.24, 0.3, c)
    pen.oval(0.0, -0.28, 0.14, 0.21, (250, 226, 150))
    for y in (-0.38, -0.28, -0.18):
        pen.stroke([(-0.1, y), (0.1, y)], darker((250, 226, 150), 0.2), 0.012)
    for side in (-1, 1):
        pen.oval(0.13 * side, -0.04, 0.1, 0.06, c)
        pen.rot_oval(0.2 * side, -0.4, 0.05, 0.09, -30 * side, c)
    for dx in (-0.07, 0.0, 0.07):
        pen.poly([(dx - 0.04, -0.86), (dx + 0.04, -0.86), (dx, -0.96)], (250, 170, 60))
    for side in (-1, 1):
        pen.poly([(0.1 * side, -0.84), (0.17 * side, -0.82), (0.18 * side, -0.98)], CREAM)
    pen.oval(0.0, -0.7, 0.22, 0.19, c)
    pen.oval(0.0, -0.6, 0.13, 0.08, lighter(c, 0.3))
    for side in (-1, 1):
        pen.oval(0.04 * side, -0.62, 0.015, 0.012, darker(c, 0.5), line=False)
    draw_face(
        pen,
        0.0,
        -0.74,
        0.19,
        mood,
        FaceSpec(eye_dx=0.45, eye_dy=-0.1, eye=0.15, mouth_dy=0.85, mouth_w=0.2),
    )


def duck(pen: Pen, c: RGB, mood: str) -> None:
    pen.poly([(-0.28, -0.36), (-0.45, -0.46), (-0.38, -0.26)], c)
    for side in (-1, 1):
        pen.poly([(0.04 * side, -0.04), (0.2 * side, -0.04), (0.12 * side, 0.01)], BEAK)
    pen.oval(0.0, -0.28, 0.3, 0.24, c)
    pen.rot_oval(-0.14, -0.3, 0.15, 0.09, -15, darker(c, 0.12))
    pen.oval(0.02, -0.68, 0.21, 0.2, c)
    draw_face(pen, 0.02, -0.72, 0.2, mood, BEAK_FACE)
    open_beak = mood in {"excited", "surprised"}
    pen.oval(0.02, -0.6 + (0.02 if open_beak else 0), 0.11, 0.04, darker(BEAK, 0.15))
    pen.oval(0.02, -0.62, 0.12, 0.045, BEAK)


def mouse(pen: Pen, c: RGB, mood: str) -> None:
    tail = [(0.15, -0.06), (0.4, -0.04), (0.5, -0.16), (0.42, -0.28)]
    pen.stroke(tail, PINK, 0.02)
    for side in (-1, 1):
        pen.oval(0.19 * side, -0.83, 0.15, 0.15, c)
        pen.oval(0.19 * side, -0.83, 0.09, 0.09, PINK, line=False)
    pen.oval(0.0, -0.27, 0.22, 0.27, c)
    pen.oval(0.0, -0.24, 0.12, 0.16, lighter(c, 0.45), line=False)
    for side in (-1, 1):
        pen.oval(0.1 * side, -0.03, 0.07, 0.035, PINK)
    pen.oval(0.0, -0.62, 0.2, 0.17, c)
    draw_face(pen, 0.0, -0.63, 0.17, mood, ANIMAL_FACE)
    pen.oval(0.0, -0.585, 0.035, 0.03, PINK)
    for side in (-1, 1):
        for dy in (-0.015, 0.015):
            pen.stroke([(0.07 * side, -0.58 + dy), (0.26 * side, -0.6 + dy * 2.5)], INK, 0.006)


def elephant(pen: Pen, c: RGB, mood: str) -> None:
    for side in (-1, 1):
        pen.oval(0.3 * side, -0.64, 0.21, 0.24, c)
        pen.oval(0.31 * side, -0.63, 0.13, 0.16, mix(c, PINK, 0.5), line=False)
    pen.oval(0.0, -0.33, 0.36, 0.3, c)
    for side in (-1, 1):
        pen.rect(0.1 * side, -0.2, 0.26 * side, 0.0, c, r=0.04)
        for k in (0.14, 0.21):
            pen.oval(k * side, -0.02, 0.02, 0.015, CREAM, line=False)
    pen.oval(0.0, -0.66, 0.24, 0.22, c)
    for side in (-1, 1):
        pen.poly([(0.08 * side, -0.5), (0.12 * side, -0.5), (0.14 * side, -0.4)], CREAM)
    trunk = [(0.0, -0.56), (0.01, -0.44), (-0.01, -0.32), (0.06, -0.27)]
    pen.stroke(trunk, outline_of(pen.c(c)), 0.11, tone=False)
    pen.stroke(trunk, c, 0.09)
    draw_face(
        pen, 0.0, -0.72, 0.22, mood, FaceSpec(eye_dx=0.45, eye_dy=-0.05, eye=0.12, mouth=False)
    )


def penguin(pen: Pen, c: RGB, mood: str) -> None:
    for side in (-1, 1):
        pen.rot_oval(0.27 * side, -0.42, 0.07, 0.2, -20 * side, c)
        pen.oval(0.1 * side, -0.02, 0.08, 0.035, BEAK)
    pen.oval(0.0, -0.46, 0.28, 0.45, c)
    pen.oval(0.0, -0.36, 0.2, 0.3, WHITE, line=False)
    for side in (-1, 1):
        pen.oval(0.08 * side, -0.67, 0.11, 0.11, WHITE, line=False)
    draw_face(pen, 0.0, -0.68, 0.2, mood, BEAK_FACE)
    pen.poly([(-0.05, -0.62), (0.05, -0.62), (0.0, -0.54)], BEAK)


def squirrel(pen: Pen, c: RGB, mood: str) -> None:
    tail = lighter(c, 0.1)
    pen.rot_oval(0.27, -0.48, 0.19, 0.38, 15, tail)
    pen.oval(0.36, -0.86, 0.14, 0.13, tail)
    pen.oval(0.0, -0.26, 0.2, 0.25, c)
    pen.oval(0.0, -0.24, 0.11, 0.16, CREAM, line=False)
    for side in (-1, 1):
        pen.oval(0.1 * side, -0.03, 0.07, 0.035, c)
        pen.poly([(0.07 * side, -0.72), (0.17 * side, -0.7), (0.15 * side, -0.86)], c)
    pen.oval(0.0, -0.6, 0.19, 0.17, c)
    pen.oval(0.0, -0.55, 0.1, 0.06, CREAM, line=False)
    draw_face(pen, 0.0, -0.61, 0.17, mood, ANIMAL_FACE)
    pen.oval(0.0, -0.555, 0.025, 0.02, NOSE)
    pen.oval(0.0, -0.32, 0.06, 0.07, (176, 120, 60))
    pen.oval(0.0, -0.38, 0.07, 0.03, (110, 76, 44))
    for side in (-1, 1):
        pen.oval(0.06 * side, -0.33, 0.035, 0.03, c)


def frog(pen: Pen, c: RGB, mood: str) -> None:
    for side in (-1, 1):
        pen.oval(0.34 * side, -0.15, 0.16, 0.12, c)
        pen.oval(0.42 * side, -0.03, 0.1, 0.035, c)
    pen.oval(0.0, -0.32, 0.38, 0.3, c)
    pen.oval(0.0, -0.22, 0.24, 0.16, lighter(c, 0.45), line=False)
    for side in (-1, 1):
        pen.oval(0.2 * side, -0.64, 0.14, 0.13, c)
        pen.oval(0.17 * side, -0.04, 0.08, 0.04, c)
    draw_face(
        pen,
        0.0,
        -0.46,
        0.42,
        mood,
        FaceSpec(eye_dx=0.47, eye_dy=-0.42, eye=0.16, mouth_dy=0.08, mouth_w=0.45),
    )


ANIMAL_DRAW: dict[str, Callable[[Pen, RGB, str], None]] = {
    "rabbit": rabbit,
    "bear": bear,
    "fox": fox,
    "cat": cat,
    "dog": dog,
    "bird": bird,
    "owl": owl,
    "turtle": turtle,
    "dragon": dragon,
    "duck": duck,
    "mouse": mouse,
    "elephant": elephant,
    "penguin": penguin,
    "squirrel": squirrel,
    "frog": frog,
}
ANIMAL_COLOUR: dict[str, RGB] = {
    "rabbit": (236, 228, 222),
    "bear": (150, 100, 62),
    "fox": (238, 122, 46),
    "cat": (156, 156, 170),
    "dog": (206, 158, 96),
    "bird": (84, 152, 224),
    "owl": (164, 118, 78),
    "turtle": (104, 164, 82),
    "dragon": (108, 182, 96),
    "duck": (252, 216, 72),
    "mouse": (172, 166, 172),
    "elephant": (164, 174, 192),
    "penguin": (48, 54, 72),
    "squirrel": (204, 112, 52),
    "frog": (112, 192, 82),
}
# (height relative to a child, width relative to own height)
BODY: dict[str, tuple[float, float]] = {
    "child": (1.0, 0.55),
    "girl": (1.0, 0.55),
    "boy": (1.0, 0.55),
    "rabbit": (0.55, 0.55),
    "bear": (0.82, 0.65),
    "fox": (0.55, 0.75),
    "cat": (0.46, 0.7),
    "dog": (0.55, 0.7),
    "bird": (0.26, 1.1),
    "owl": (0.46, 0.65),
    "turtle": (0.32, 1.6),
    "dragon": (0.92, 1.25),
    "duck": (0.38, 0.8),
    "mouse": (0.3, 0.8),
    "elephant": (0.95, 1.0),
    "penguin": (0.55, 0.65),
    "squirrel": (0.45, 0.8),
    "frog": (0.32, 1.1),
}


# --- objects ---------------------------------------------------------------------------------

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


# --- layout ----------------------------------------------------------------------------------

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


# --- cast and props --------------------------------------------------------------------------


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


# --- weather, cover --------------------------------------------------------------------------


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


# --- the picture -----------------------------------------------------------------------------


def make_ctx(scene: Scene, size: tuple[int, int], seed: int, cover: bool) -> Ctx:
    rng = random.Random(seed)
    w, h = size
    framing = "cover" if cover else scene.framing
    if scene.indoor:
        horizon = h * rng.uniform(0.6, 0.66)
    else:
        horizon = h * (HORIZON.get(framing, 0.56) + rng.uniform(-0.035, 0.035))
    tint, amount = TINT.get(scene.time_of_day, TINT["day"])
    if scene.indoor:
        amount *= 0.5  # rooms have lamps: night shows through the window, not on the walls
    if scene.setting == "space":
        tint, amount = (60, 40, 120), 0.12
    snowy = scene.setting == "snowfield" or ("snow" in scene.weather and not scene.indoor)
    ctx = Ctx(Image.new("RGB", (w, h)), rng, scene.time_of_day, round(horizon), tint, amount, snowy)
    ctx.haze = sky_stops(scene)[-1][1]
    return ctx


def render(scene: Scene, size: tuple[int, int], seed: int, *, cover: bool = False) -> Image.Image:
    """Draw `scene` as an RGB picture of `size`. The same arguments always give the same pixels."""
    if not scene.characters:  # a hand-made Scene may have nobody; a page never does
        scene = replace(scene, characters=(Character("child", hero=True),))
    ctx = make_ctx(scene, size, seed, cover)
    if scene.indoor:
        draw_room(ctx, scene)
    else:
        draw_sky(ctx, scene)
        draw_sky_things(ctx, scene)
        LANDS.get(scene.setting, land_meadow)(ctx, scene)
    held, worn, rest = split_things(scene)
    cast = plan_cast(ctx, scene, cover)
    draw_far_things(ctx, scene, rest, cast)
    if "fog" in scene.weather and not scene.indoor:
        draw_fog(ctx)
    if cover:
        draw_sunburst(ctx, cast)
    draw_sky_free_things(ctx, scene, rest, cast)
    draw_cast(ctx, scene, cast, held, worn)
    draw_near_things(ctx, rest, cast)
    if not scene.indoor:
        weather_front(ctx, scene)
    if cover:
        draw_cover_frame(ctx)
    return ctx.img

"""The drawing context (`Ctx`: image, size, randomness, time-of-day tone) and `Pen`."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from moretale_assets.lib.images.draw.palette import DARK_TIMES, INK, RGB, RGBA, Point, mix


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

"""Animal characters, one function each, drawn with a `Pen` around the origin."""

from __future__ import annotations

import math
from collections.abc import Callable

from moretale_assets.lib.images.draw.canvas import Pen, outline_of
from moretale_assets.lib.images.draw.faces import FaceSpec, draw_eye, draw_face
from moretale_assets.lib.images.draw.palette import INK, RGB, WHITE, Point, darker, lighter, mix

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

"""Faces for children and animals: eyes, brows and a mouth for each mood."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageDraw

from moretale_assets.lib.images.draw.canvas import Pen
from moretale_assets.lib.images.draw.palette import BLUSH, INK, RGB, WHITE


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

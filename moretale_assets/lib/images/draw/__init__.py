"""Draw a `Scene` as a flat, children's-book picture with plain Pillow shapes.

Everything is drawn once at the target size (no supersampling) from a few dozen simple shapes
per element, which keeps a 1024 px page well under the time budget. Colours are toned by the
time of day in one place (`Ctx.tone`) instead of tinting pixels afterwards, for the same reason.
Randomness only moves things around: how a character looks comes from the scene itself, so the
hero looks the same on every page of a book.
"""

from __future__ import annotations

import random
from dataclasses import replace

from PIL import Image

from moretale_assets.lib.images.draw.canvas import Ctx
from moretale_assets.lib.images.draw.cast import (
    draw_cast,
    draw_far_things,
    draw_near_things,
    draw_sky_free_things,
    split_things,
)
from moretale_assets.lib.images.draw.indoors import draw_room
from moretale_assets.lib.images.draw.layout import HORIZON, plan_cast
from moretale_assets.lib.images.draw.outdoors import LANDS, land_meadow
from moretale_assets.lib.images.draw.palette import TINT
from moretale_assets.lib.images.draw.sky import draw_sky, draw_sky_things, sky_stops
from moretale_assets.lib.images.draw.style import finish
from moretale_assets.lib.images.draw.weather import (
    draw_cover_frame,
    draw_fog,
    draw_sunburst,
    weather_front,
)
from moretale_assets.lib.images.scene import Character, Scene


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
    return finish(ctx.img, scene.style, seed)

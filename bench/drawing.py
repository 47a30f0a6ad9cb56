"""What one offline page picture costs, by style family, in process (no Dagster, no stack).

Draws `--pages` 1024 px pages of one story per style family with the offline illustrator (the
drawing, its style finish and the PNG bytes, as a run makes them) and prints, per family, the
median milliseconds a page and the kilobytes a page. Side by side on the same pictures it then
encodes with Pillow's own PNG encoder (level 3, adaptive row filters) and prints the ratio of
the two encoders' times and sizes, so the encoder figure holds on a noisy machine.

    .venv/bin/python bench/drawing.py [--pages 24]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from moretale_assets.lib.images.png import encode_png
from moretale_assets.lib.images.scene import parse_scene
from moretale_assets.lib.providers.offline.illustrator import OfflineIllustrator
from moretale_assets.lib.providers.offline.story_grammar import STYLES

SCENE = (
    "Mina, a 5-year-old girl with short black hair, in a red raincoat and yellow boots, "
    "walks through a meadow near a little house with her small white rabbit, page {i}"
)


def pillow_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def timed(make, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = make(*args)
    return (time.perf_counter() - start) * 1000, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    args = parser.parse_args()
    illustrator = OfflineIllustrator()
    ours_ms: list[float] = []
    pillow_ms: list[float] = []
    ours_bytes = pillow_bytes = 0
    for style in STYLES:
        family = parse_scene(style).style
        page_ms, page_kb = [], []
        for i in range(args.pages):
            prompt = f"{style}, {SCENE.format(i=i)}"
            ms, picture = timed(
                lambda p=prompt, s=i: illustrator.draw(p, kind="page", aspect_ratio="1:1", seed=s)
            )
            page_ms.append(ms)
            page_kb.append(len(picture.png) / 1024)
            # The two encoders on the same picture, one after the other.
            ms_ours, png = timed(encode_png, picture.image)
            ms_pillow, png_pillow = timed(pillow_png, picture.image)
            ours_ms.append(ms_ours)
            pillow_ms.append(ms_pillow)
            ours_bytes += len(png)
            pillow_bytes += len(png_pillow)
        print(f"page_ms_{family}: {statistics.median(page_ms):.1f}")
        print(f"page_kb_{family}: {statistics.median(page_kb):.0f}")
    print(f"png_encode_ms_median: {statistics.median(ours_ms):.1f}")
    print(f"png_encode_ms_median_pillow: {statistics.median(pillow_ms):.1f}")
    print(f"png_bytes_ours_over_pillow: {ours_bytes / pillow_bytes:.3f}")
    print(f"png_encode_pillow_over_ours: {sum(pillow_ms) / sum(ours_ms):.2f}")


if __name__ == "__main__":
    main()

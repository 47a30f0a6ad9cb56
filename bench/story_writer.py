"""How long the offline story writer takes for one long book, in process (no Dagster, no stack).

Prints `story_writer_32_pages_ms: <best of --repeats>` last (a 32-page Korean/English bedtime
story, after one warm-up write), with the median before it; the best run is the figure that
load on a shared machine disturbs least. It was a timed unit test (< 50 ms) until that failed
under CPU load: performance figures live here.

    .venv/bin/python bench/story_writer.py [--pages 32] [--repeats 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.schemas import StoryRequest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    request = StoryRequest.model_validate(
        {
            "child_name": "Mina",
            "child_age": 5,
            "primary_lang": "Korean",
            "secondary_lang": "English",
            "theme": "bedtime",
            "page_count": args.pages,
        }
    )
    OfflineStoryWriter().write(request)  # warm the writer's caches, as a run worker would be
    times_ms = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        OfflineStoryWriter().write(request)
        times_ms.append((time.perf_counter() - started) * 1000)
    name = f"story_writer_{args.pages}_pages_ms"
    print(f"{name}_median: {statistics.median(times_ms):.1f}")
    print(f"{name}: {min(times_ms):.1f}")


if __name__ == "__main__":
    main()

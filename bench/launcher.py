"""A burst of offline books under each run launcher, side by side in one run.

A content team's story set arrives as a burst: every book is launched at once and the daemon
starts them as run slots free up. This launches `--books` offline books (8 threads, as a batch
through the API would) on a fresh stack per launcher, Dagster's `DefaultRunLauncher` (a fresh
interpreter per run, spawned by the code server) and our `WarmRunLauncher` (a fork of a
process that has already imported Dagster), and prints for each: when the daemon had the
first run going, worker start-up times (run STARTING -> worker process up), run-process
CPU, and the time until the last book finished. Last line: `burst_default_over_warm`.

    .venv/bin/python bench/launcher.py [--books 12] [--pages 8] [--rounds 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from offline_book import run_marks
from throughput import CpuSampler, bench_instance_yaml

from devstack.book_runs import create_book, wait_run
from devstack.stack import Stack, free_port
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import LocalStorage


def burst(launcher: str, books: int, pages: int) -> dict[str, float]:
    sampler = CpuSampler()
    sampler.start()
    with tempfile.TemporaryDirectory(prefix=f"moretale-burst-{launcher}-") as tmp_name:
        tmp = Path(tmp_name)
        stack = Stack(
            home=tmp / "home",
            outputs=tmp / "out",
            port=free_port(),
            instance_yaml=bench_instance_yaml(tmp / "dagster.yaml", 6, 6, launcher),
        )
        stack.start()
        try:
            client, storage = stack.client(), LocalStorage(stack.outputs)
            time.sleep(3)  # the daemon's first ticks (and the warm launcher's fork server)

            def launch(i: int) -> str:
                request = StoryRequest(
                    child_name=f"Burst{i}",
                    primary_lang="Korean",
                    secondary_lang="English",
                    theme="the sea",
                    page_count=pages,
                )
                return create_book(client, storage, request)[1]

            t0 = time.time()
            with ThreadPoolExecutor(max_workers=8) as pool:
                run_ids = list(pool.map(launch, range(books)))
            for run_id in run_ids:
                wait_run(client, run_id, timeout=600)
            last_end = time.time() - t0
            spawn, first_start = [], float("inf")
            for run_id in run_ids:
                at = run_marks(client, run_id)
                spawn.append(at["ProcessStarted"] - at["RunStartingEvent"])
                first_start = min(first_start, at["RunStartEvent"] - t0)
        finally:
            stack.stop()
    by_role, _, _ = sampler.finish()
    return {
        "first_run_started_s": first_start,
        "worker_startup_median_s": statistics.median(spawn),
        "worker_startup_max_s": max(spawn),
        "run_process_cpu_s": by_role.get("run_processes", 0.0),
        "last_book_done_s": last_end,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", type=int, default=12)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1, help="default/warm pairs, alternating")
    args = parser.parse_args()
    done: dict[str, list[float]] = {"default": [], "warm": []}
    for r in range(args.rounds):
        for launcher in ("default", "warm"):
            figures = burst(launcher, args.books, args.pages)
            print(f"round {r + 1} launcher {launcher}")
            for name, value in figures.items():
                print(f"  {name}: {value:.2f}")
            done[launcher].append(figures["last_book_done_s"])
    ratio = statistics.median(done["default"]) / statistics.median(done["warm"])
    print(f"books: {args.books}  pages_per_book: {args.pages}  rounds: {args.rounds}")
    print(f"burst_default_over_warm: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

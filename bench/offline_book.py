"""One 24-page Korean/English book through the real stack on a temporary DAGSTER_HOME.

Prints the breakdown by asset and, last, `offline_book_s: <seconds from launch to run success>`
(measured by a client polling the run status every 50 ms, as a user of the API would see it).

    .venv/bin/python bench/offline_book.py [--pages 24] [--books 3] [--compare]

`--compare` first makes the same books under Dagster's default run launcher (a fresh
interpreter per run) and prints both medians and their ratio; the last line stays ours.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from dagster import DagsterRunStatus

from api.dagster_client import DagsterClient
from devstack.book_runs import create_book, wait_run
from devstack.stack import EMBEDDED, Stack, free_port
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import LocalStorage


def run_marks(client: DagsterClient, run_id: str) -> dict[str, float]:
    """Epoch seconds of the first event of each kind in a run's event log, with the worker's
    "Started process" engine event as `ProcessStarted`."""
    events, _, _ = client.run_logs(run_id, None)
    at: dict[str, float] = {}
    for e in events:
        kind, message = e["__typename"], e.get("message") or ""
        if kind == "EngineEvent" and message.startswith("Started process"):
            kind = "ProcessStarted"
        at.setdefault(kind, int(e["timestamp"]) / 1000)
    return at


def start_phases(client: DagsterClient, run_id: str) -> dict[str, float]:
    """Where queued_to_start goes, from the run's own event log: the daemon's dequeue tick,
    starting the run worker, and loading the code location in it before the run starts."""
    at = run_marks(client, run_id)
    marks = ["RunEnqueuedEvent", "RunStartingEvent", "ProcessStarted", "RunStartEvent"]
    if not all(m in at for m in marks):
        return {}
    return {
        "dequeue": at["RunStartingEvent"] - at["RunEnqueuedEvent"],
        "spawn_worker": at["ProcessStarted"] - at["RunStartingEvent"],
        "load_code_location": at["RunStartEvent"] - at["ProcessStarted"],
    }


def use_launcher(config: dict[str, Any], launcher: str) -> dict[str, Any]:
    """An instance config with our warm run launcher (as configured) or Dagster's default
    launcher and coordinator, for side-by-side figures."""
    if launcher == "default":
        config["run_launcher"] = {"module": "dagster._core.launcher", "class": "DefaultRunLauncher"}
        config["run_coordinator"]["module"] = "dagster._core.run_coordinator"
        config["run_coordinator"]["class"] = "QueuedRunCoordinator"
    return config


def launcher_yaml(path: Path, launcher: str) -> Path:
    """The embedded instance under the given launcher."""
    config = use_launcher(yaml.safe_load(EMBEDDED.read_text(encoding="utf-8")), launcher)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def books(launcher: str, pages: int, count: int) -> list[float]:
    """Launch `count` books one after another on a fresh stack; launch-to-success seconds."""
    with tempfile.TemporaryDirectory(prefix="moretale-bench-") as tmp:
        stack = Stack(
            home=Path(tmp) / "home",
            outputs=Path(tmp) / "out",
            port=free_port(),
            instance_yaml=launcher_yaml(Path(tmp) / "dagster.yaml", launcher),
        )
        t0 = time.monotonic()
        stack.start()
        print(f"launcher: {launcher}")
        print(f"stack_start_s: {time.monotonic() - t0:.2f}")
        totals: list[float] = []
        try:
            client, storage = stack.client(), LocalStorage(stack.outputs)
            for i in range(count):
                request = StoryRequest(
                    child_name=f"Mina{i}",
                    child_age=5,
                    primary_lang="Korean",
                    secondary_lang="English",
                    theme="friendship",
                    page_count=pages,
                )
                started = time.monotonic()
                story_id, run_id = create_book(client, storage, request)
                status = wait_run(client, run_id, timeout=300)
                total = time.monotonic() - started
                if status != DagsterRunStatus.SUCCESS:
                    raise RuntimeError(f"run {run_id} ended {status.value}")
                totals.append(total)
                timing = client.run_timing(run_id)
                print(f"book {i + 1}: {story_id}")
                print(f"  queued_to_start_s: {timing['startTime'] - timing['creationTime']:.2f}")
                for name, seconds in start_phases(client, run_id).items():
                    print(f"    {name}_s: {seconds:.2f}")
                for step in timing["stepStats"]:
                    print(f"  {step['stepKey']}_s: {step['endTime'] - step['startTime']:.3f}")
                print(f"  run_body_s: {timing['endTime'] - timing['startTime']:.2f}")
                print(f"  launch_to_success_s: {total:.2f}")
        finally:
            stack.stop()
    return totals


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--books", type=int, default=3, help="books launched one after another")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="first the same books under Dagster's default run launcher, for a side-by-side ratio",
    )
    args = parser.parse_args()
    default = books("default", args.pages, args.books) if args.compare else []
    totals = books("warm", args.pages, args.books)
    print(f"books: {len(totals)}  pages_per_book: {args.pages}")
    if default:
        print(f"offline_book_s_default_launcher: {statistics.median(default):.2f}")
        ratio = statistics.median(default) / statistics.median(totals)
        print(f"default_over_warm: {ratio:.2f}")
    print(f"offline_book_s_min: {min(totals):.2f}")
    print(f"offline_book_s: {statistics.median(totals):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

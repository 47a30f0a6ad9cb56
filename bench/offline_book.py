"""One 24-page Korean/English book through the real stack on a temporary DAGSTER_HOME.

Prints the breakdown by asset and, last, `offline_book_s: <seconds from launch to run success>`
(measured by a client polling the run status every 50 ms, as a user of the API would see it).

    .venv/bin/python bench/offline_book.py [--pages 24] [--books 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dagster import DagsterRunStatus

from api.dagster_client import DagsterClient
from devstack.books import create_book, wait_run
from devstack.stack import Stack, free_port
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import LocalStorage


def start_phases(client: DagsterClient, run_id: str) -> dict[str, float]:
    """Where queued_to_start goes, from the run's own event log: the daemon's dequeue tick,
    spawning the run worker (a fresh Python that imports Dagster), and loading the code
    location in it before the run starts."""
    events, _, _ = client.run_logs(run_id, None)
    at: dict[str, float] = {}
    for e in events:
        kind, message = e["__typename"], e.get("message") or ""
        if kind == "EngineEvent" and message.startswith("Started process"):
            kind = "ProcessStarted"
        at.setdefault(kind, int(e["timestamp"]) / 1000)
    marks = ["RunEnqueuedEvent", "RunStartingEvent", "ProcessStarted", "RunStartEvent"]
    if not all(m in at for m in marks):
        return {}
    return {
        "dequeue": at["RunStartingEvent"] - at["RunEnqueuedEvent"],
        "spawn_worker": at["ProcessStarted"] - at["RunStartingEvent"],
        "load_code_location": at["RunStartEvent"] - at["ProcessStarted"],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--books", type=int, default=3, help="books launched one after another")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="moretale-bench-") as tmp:
        stack = Stack(home=Path(tmp) / "home", outputs=Path(tmp) / "out", port=free_port())
        t0 = time.monotonic()
        stack.start()
        print(f"stack_start_s: {time.monotonic() - t0:.2f}")
        try:
            client, storage = stack.client(), LocalStorage(stack.outputs)
            totals = []
            for i in range(args.books):
                request = StoryRequest(
                    child_name=f"Mina{i}",
                    child_age=5,
                    primary_lang="Korean",
                    secondary_lang="English",
                    theme="friendship",
                    page_count=args.pages,
                )
                started = time.monotonic()
                story_id, run_id = create_book(client, storage, request)
                status = wait_run(client, run_id, timeout=300)
                total = time.monotonic() - started
                if status != DagsterRunStatus.SUCCESS:
                    print(f"run {run_id} ended {status.value}", file=sys.stderr)
                    return 1
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
    print(f"books: {len(totals)}  pages_per_book: {args.pages}")
    print(f"offline_book_s_min: {min(totals):.2f}")
    print(f"offline_book_s: {statistics.median(totals):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

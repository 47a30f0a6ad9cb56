"""Story status and progress, derived from a Dagster run and its events (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from moretale_assets.lib import contract
from moretale_assets.lib.contract import Progress

FINAL_RUN = {"SUCCESS", "FAILURE", "CANCELED"}
QUEUED_RUN = {"QUEUED", "NOT_STARTED", "STARTING", "MANAGED"}
# Book assets in the order the in-process executor runs them (ties go by step key), with their
# share of the work for `percent`.
ASSET_WEIGHTS = {
    contract.STORY: 10,
    contract.COVER_ILLUSTRATION: 5,
    contract.PAGE_AUDIO: 40,
    contract.PAGE_ILLUSTRATIONS: 45,
}


def story_status(run_status: str | None, has_story: bool) -> str:
    if run_status is None or run_status in QUEUED_RUN:
        return "queued"
    if run_status == "STARTED":
        return "running"
    if run_status == "CANCELING":
        # Not "canceled" yet: a run asked to stop can still finish (its last step was already
        # done), and a story must never say canceled and then complete.
        return "running"
    if run_status == "SUCCESS":
        return "completed"
    if run_status == "CANCELED":
        return "canceled"
    # A failed run that left a story is a book with partial failures (MoreTale's semantics).
    return "completed" if has_story else "failed"


def fold_progress(
    events: Iterable[tuple[str, str | None, dict[str, Any]]],
    run_status: str | None,
    enabled: dict[str, bool],
) -> dict[str, Any]:
    """events: (event_type, asset, data) in log order for the story's current run."""
    assets: dict[str, dict[str, Any]] = {
        a: {
            "status": "pending",
            "done": 0,
            "failed": 0,
            "total": 1 if a == contract.STORY else None,
        }
        for a in ASSET_WEIGHTS
        if enabled.get(a, True)
    }
    for kind, asset, data in events:
        a = assets.get(asset or "")
        if a is None:
            continue
        if kind == "step_start":
            a["status"] = "running"
        elif kind == "observation" and (p := Progress.from_metadata(data)) is not None:
            a["done"], a["failed"] = p.done, p.failed
            a["total"] = p.total if p.total is not None else a["total"]
        elif kind in ("materialization", "step_success"):
            a["status"] = "done"
            if a["total"] is not None and kind == "materialization":
                a["done"] = max(a["done"], a["total"] - a["failed"])
            if asset == contract.STORY:
                a["done"] = 1
        elif kind == "step_failure":
            a["status"] = "failed"
        elif kind == "step_retry":
            a["status"] = "running"
    final = run_status in FINAL_RUN
    for a in assets.values():
        if final and a["status"] in ("pending", "running"):
            a["status"] = "skipped"
    weight = sum(ASSET_WEIGHTS[k] for k in assets) or 1
    score = 0.0
    for k, a in assets.items():
        if a["status"] in ("done", "failed", "skipped"):
            share = 1.0
        elif a["total"]:
            share = min(1.0, (a["done"] + a["failed"]) / a["total"])
        else:
            share = 0.0
        score += ASSET_WEIGHTS[k] * share
    running = [k for k, a in assets.items() if a["status"] == "running"]
    if final:
        stage = "done" if run_status == "SUCCESS" else run_status.lower()
    elif run_status == "CANCELING":
        stage = "canceled"  # as story_status says: what the user asked for
    elif running:
        stage = running[0]
    elif run_status == "STARTED":
        # Between two steps, or while the last checks run: name what comes next, so a reader
        # never sees "starting" again after the first step.
        pending = [k for k, a in assets.items() if a["status"] == "pending"]
        if len(pending) == len(assets):
            stage = "starting"
        else:
            stage = pending[0] if pending else "finishing"
    else:
        stage = "queued"
    return {"stage": stage, "percent": round(100 * score / weight), "assets": assets}


def keep_forward(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Progress of one run never goes backwards: a step retry restarts the step's page count
    (100 % -> 59 % -> 100 % before), so each asset keeps the most it has shown."""
    old_assets = previous.get("assets") or {}
    for name, a in current["assets"].items():
        old = old_assets.get(name)
        if old and a["status"] == "running" and old.get("done", 0) > a["done"]:
            a["done"], a["failed"] = old["done"], old.get("failed", 0)
    current["percent"] = max(int(previous.get("percent", 0)), current["percent"])
    return current


def page_name(page_number: int) -> str:
    return "cover" if page_number == 0 else f"page_{page_number:02d}"


def failure_message(
    failed_pages: list[dict[str, Any]], has_story: bool, step_failures: list[str | None]
) -> str:
    """What an operator reads: "completed with 2 failed pages: page_04, page_09", not the last
    retry's "Exceeded max_retries of 2"."""
    if has_story and failed_pages:
        names = [page_name(p["page_number"]) for p in failed_pages]
        what = "page" if len(names) == 1 else "pages"
        return f"completed with {len(names)} failed {what}: {', '.join(names)}"
    causes = [m for m in step_failures if m]
    return causes[-1] if causes else "run failed"


def ready_files(events: Iterable[tuple[str, str | None, dict[str, Any]]]) -> frozenset[str]:
    """Files the current run has finished but whose step has not yet written its manifest:
    each asset's latest progress observation that lists them (the list is cumulative)."""
    latest: dict[str | None, list[str]] = {}
    for kind, asset, data in events:
        p = Progress.from_metadata(data) if kind == "observation" else None
        if p is not None and p.ready is not None:
            latest[asset] = p.ready
    return frozenset(path for ready in latest.values() for path in ready)

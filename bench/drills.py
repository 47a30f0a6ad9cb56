"""Issue 17's fault drills on the real stack: Dagster webserver + daemon + the API under uvicorn,
offline providers, a temporary home. Bounded (every wait has a deadline) and stops by itself.

    .venv/bin/python bench/drills.py [--only NAME ...] [--skip-backfill]

Prints one `drill_<name>: pass|FAIL <why>` line per drill, then

    drills_passed: N of M
    stories_stuck: stories queued or running with nothing moving them at the end (target 0)
    duplicate_stories: stories a retried create/batch made twice (target 0)
    pages_made_twice: pages a second concurrent regeneration narrated again (target 0)
    slots_leaked: pool slots still held by runs that ended (target 0)
    repair_visible_in_api_s: repair run (UI asset job / backfill) success -> the API shows it

The fast drills also run as tests (`tests/api/test_drills.py`), with the same functions.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from devstack.stack import Stack, free_port

FINAL = ("completed", "failed", "canceled")
KEY = "drill-key"


class DrillFailed(AssertionError):
    pass


def check(ok: object, why: str) -> None:
    if not ok:
        raise DrillFailed(why)


@dataclass
class Ctx:
    """What a drill needs: the stack, an API client and the fault plan file the runs re-read."""

    stack: Stack
    api: httpx.Client
    plan: Path
    figures: dict[str, float] = field(default_factory=dict)
    cancel_states: list[str] = field(default_factory=list)  # run status when a cancel arrived

    def faults(self, plan: dict[str, Any]) -> None:
        self.plan.write_text(json.dumps(plan))

    def add(self, name: str, value: float) -> None:
        self.figures[name] = self.figures.get(name, 0) + value

    def worst(self, name: str, value: float) -> None:
        self.figures[name] = max(self.figures.get(name, 0.0), value)


def book(**kw: Any) -> dict[str, Any]:
    body = {
        "child_name": "Mina",
        "child_age": 5,
        "primary_lang": "ko",
        "secondary_lang": "en",
        "theme": "friendship",  # a theme the offline writer knows
        "page_count": 4,
    }
    return {**body, **kw}


def wait_for(
    api: httpx.Client, sid: str, statuses: tuple[str, ...] = FINAL, timeout: float = 120
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    story: dict[str, Any] = {}
    while time.monotonic() < deadline:
        story = api.get(f"/api/stories/{sid}").json()
        if story.get("status") in statuses:
            return story
        time.sleep(0.1)
    raise DrillFailed(f"{sid} still {story.get('status')} after {timeout:.0f} s")


def wait_run(stack: Stack, run_id: str, timeout: float = 120) -> str:
    client, deadline = stack.client(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.run_status(run_id).value
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            return status
        time.sleep(0.05)
    raise DrillFailed(f"run {run_id} not finished after {timeout:.0f} s")


def _partial_book(ctx: Ctx) -> str:
    """A completed book whose page 2 failed to draw; the outage then ends."""
    ctx.faults({"illustrator": {"page_02": -1}})
    sid = ctx.api.post("/api/stories/", json=book()).json()["id"]
    story = wait_for(ctx.api, sid, timeout=180)
    ctx.faults({})
    check(story["status"] == "completed", f"book is {story['status']}")
    check(story["result"]["has_partial_failures"], "page 2 should have failed")
    message = story["error"]["message"]
    check(message.startswith("completed with 1 failed page: page_02"), f"reads {message!r}")
    return sid


def _repaired_after(ctx: Ctx, sid: str, run_ids: Callable[[], list[str]]) -> float:
    """Seconds from the repair run's success to the API showing the book without failures."""
    deadline = time.monotonic() + 180
    ids: list[str] = []
    while not ids and time.monotonic() < deadline:
        ids = run_ids()
        time.sleep(0.2)
    check(ids, "the repair launched no run")
    for run_id in ids:
        check(wait_run(ctx.stack, run_id, 180) == "SUCCESS", f"repair run {run_id} failed")
    done = time.monotonic()
    while time.monotonic() - done < 30:
        story = ctx.api.get(f"/api/stories/{sid}").json()
        if story["status"] == "completed" and not story["result"]["has_partial_failures"]:
            return time.monotonic() - done
        time.sleep(0.05)
    raise DrillFailed("the API still shows the repaired page failed 30 s after the repair")


def drill_repair_asset_job(ctx: Ctx) -> None:
    """The UI's Materialize on a failed partition: an `__ASSET_JOB` run over GraphQL."""
    sid = _partial_book(ctx)
    run_id = ctx.stack.client().launch(sid, job="__ASSET_JOB", assets=["page_illustrations"])
    seconds = _repaired_after(ctx, sid, lambda: [run_id])
    ctx.worst("repair_visible_in_api_s", seconds)
    result = ctx.api.get(f"/api/stories/{sid}/result").json()
    check(result["pages"][1]["illustration_url"], "page 2 has no picture after the repair")


def drill_repair_backfill(ctx: Ctx) -> None:
    """The UI's Materialize over selected partitions: a backfill (the daemon ticks ~30 s)."""
    sid = _partial_book(ctx)
    client = ctx.stack.client()
    backfill_id = client.launch_backfill([sid], ["page_illustrations"])
    seconds = _repaired_after(ctx, sid, lambda: [r for r, _ in client.backfill(backfill_id).runs])
    ctx.worst("repair_visible_in_api_s", seconds)


def drill_concurrent_regenerate(
    ctx: Ctx, action: str = "tts", body: dict[str, Any] | None = None
) -> None:
    """Two regenerate (or repair) calls at once: exactly one launches, the other is 409
    STORY_BUSY."""
    sid = ctx.api.post("/api/stories/", json=book()).json()["id"]
    wait_for(ctx.api, sid)
    before = {r["runId"] for r in ctx.stack.client().runs_for_partition(sid)}
    answers: list[httpx.Response] = []
    gate = threading.Barrier(2)

    def regenerate() -> None:
        with httpx.Client(base_url=ctx.api.base_url, headers=ctx.api.headers, timeout=60) as c:
            gate.wait()
            answers.append(c.post(f"/api/stories/{sid}/{action}", json=body or {"force": True}))

    threads = [threading.Thread(target=regenerate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    codes = sorted(a.status_code for a in answers)
    wait_for(ctx.api, sid)
    runs = [r for r in ctx.stack.client().runs_for_partition(sid) if r["runId"] not in before]
    ctx.add("pages_made_twice", max(0, len(runs) - 1) * 4)
    check(codes == [202, 409], f"answers {codes}, runs launched {len(runs)}")
    busy = next(a for a in answers if a.status_code == 409).json()["error"]["code"]
    check(busy == "STORY_BUSY", f"409 is {busy}")


def drill_cancel_early(ctx: Ctx, delays: tuple[float, ...] = (0.0, 0.4, 0.9, 1.4, 2.5)) -> None:
    """Cancel right after create (QUEUED), around the launch (STARTING) and while running:
    never a 503, never "canceled" for a run that completes, never undone by the ingest."""
    client = ctx.stack.client()
    ctx.faults({"speech": {"*": {"delay_ms": 300}}})
    seen = []
    try:
        for delay in delays:
            sid = ctx.api.post("/api/stories/", json=book()).json()["id"]
            time.sleep(delay)
            run_id = ctx.api.get(f"/api/stories/{sid}").json()["run_id"]
            state = client.run_status(run_id).value if run_id else "none"
            r = ctx.api.post(f"/api/stories/{sid}/cancel")
            seen.append((state, r.status_code))
            ctx.cancel_states.append(f"{state}:{r.status_code}")
            check(r.status_code in (200, 409), f"cancel in {state}: {r.status_code} {r.text}")
            final = wait_run(ctx.stack, run_id, 120)
            if r.status_code == 200:
                check(r.json()["status"] == "canceled", r.text)
                check(final == "CANCELED", f"said canceled in {state}, run ended {final}")
                for _ in range(15):  # the ingest never brings it back
                    status = ctx.api.get(f"/api/stories/{sid}").json()["status"]
                    check(status == "canceled", f"canceled story went back to {status}")
                    time.sleep(0.1)
                again = ctx.api.post(f"/api/stories/{sid}/cancel")
                check(again.status_code == 409, f"second cancel: {again.status_code}")
            else:
                check(final != "CANCELED", f"409 but the run was canceled ({state})")
    finally:
        ctx.faults({})
    check(any(code == 200 for _, code in seen), f"no cancel worked: {seen}")


def drill_purge_running(ctx: Ctx) -> None:
    """Purge while the worker narrates: run stopped first, nothing comes back afterwards."""
    ctx.faults({"speech": {"*": {"delay_ms": 800}}})
    try:
        sid = ctx.api.post("/api/stories/", json=book(page_count=4)).json()["id"]
        wait_for(ctx.api, sid, statuses=("running",), timeout=60)
        time.sleep(1.0)
        r = ctx.api.delete(f"/api/stories/{sid}", params={"purge": "true"})
        check(r.status_code == 204, f"purge: {r.status_code} {r.text}")
        runs = ctx.stack.client().runs_for_partition(sid)
        check(all(x["status"] in ("CANCELED", "SUCCESS", "FAILURE") for x in runs), f"{runs}")
        time.sleep(3.0)  # a worker still writing would recreate the folder by now
    finally:
        ctx.faults({})
    check(not (ctx.stack.outputs / sid).exists(), "the purged folder came back")
    check(ctx.api.get(f"/api/stories/{sid}").status_code == 404, "the story is still served")
    served = ctx.api.get(f"/static/outputs/{sid}/request.json").status_code
    check(served == 404, f"the purged story's files are still served ({served})")
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(ctx.stack.home)) as instance:
        check(not instance.has_dynamic_partition("stories", sid), "the partition is still there")


def drill_batch_retry(ctx: Ctx) -> None:
    """A client retries a batch (same Idempotency-Key): the same stories, none twice."""
    body = {"stories": [book(child_name=f"Batch{i}") for i in range(3)]}
    headers = {"Idempotency-Key": f"batch-{time.time_ns()}"}
    first = ctx.api.post("/api/stories/batch", json=body, headers=headers)
    second = ctx.api.post("/api/stories/batch", json=body, headers=headers)
    check(first.status_code == 202 and second.status_code == 202, second.text)
    ids1 = [s["id"] for s in first.json()["stories"]]
    ids2 = [s["id"] for s in second.json()["stories"]]
    ctx.add("duplicate_stories", len(set(ids2) - set(ids1)))
    check(ids1 == ids2, "the retry made new stories")
    check(second.headers.get("Idempotent-Replayed") == "true", "retry not marked as replayed")
    other = ctx.api.post(
        "/api/stories/batch", json={"stories": body["stories"][:2]}, headers=headers
    )
    check(other.status_code == 409, f"same key, other batch: {other.status_code}")
    for sid in ids1:
        wait_for(ctx.api, sid)


def drill_crash_in_create(ctx: Ctx) -> None:
    """The API dies (as SIGKILL) after the story's row, before its launch; a restart finds it
    and launches it, and the client's retry gets the same story."""
    key = f"crash-{time.time_ns()}"
    stack = ctx.stack
    before = {s["id"] for s in ctx.api.get("/api/stories/", params={"limit": 100}).json()["items"]}
    env = dict(stack.env_extra)
    stack.env_extra = {**env, "MORETALE_DRILL_CRASH": "create.after_outbox"}
    stack.stop_api()
    stack.start_api()
    try:
        ctx.api.post("/api/stories/", json=book(), headers={"Idempotency-Key": key})
        raise DrillFailed("the API did not crash where the drill asked")
    except httpx.HTTPError:
        pass
    finally:
        stack.env_extra = env
        stack.stop_api()
        stack.start_api()
    listed = ctx.api.get("/api/stories/", params={"limit": 100}).json()["items"]
    crashed = [s["id"] for s in listed if s["id"] not in before]
    check(len(crashed) == 1, f"after the crash: {crashed}")
    # The reconciler at start-up launches it; no client retry needed for that.
    deadline = time.monotonic() + 60
    while not ctx.api.get(f"/api/stories/{crashed[0]}").json()["run_id"]:
        if time.monotonic() > deadline:
            ctx.add("stories_stuck", 1)
            raise DrillFailed("the crashed story is still queued without a run after 60 s")
        time.sleep(0.2)
    retry = ctx.api.post("/api/stories/", json=book(), headers={"Idempotency-Key": key})
    check(retry.status_code == 202, retry.text)
    sid = retry.json()["id"]
    check(retry.headers.get("Idempotent-Replayed") == "true", "the retry made a new story")
    ctx.add("duplicate_stories", sid != crashed[0])
    check(sid == crashed[0], "the retry got another story")
    story = wait_for(ctx.api, sid, timeout=120)
    check(story["status"] == "completed", f"crashed story ended {story['status']}")
    runs = stack.client().runs_for_partition(sid)
    ctx.add("duplicate_stories", max(0, len(runs) - 1))
    check(len(runs) == 1, f"{len(runs)} runs for one story")


def drill_unreadable_manifest(ctx: Ctx) -> None:
    """One book's manifest is garbage: the others keep updating, that book says why, and it
    recovers when the file is restored."""
    first = ctx.api.post("/api/stories/", json=book()).json()["id"]
    wait_for(ctx.api, first)
    manifest = ctx.stack.outputs / first / "audio" / "manifest.json"
    good = manifest.read_bytes()
    manifest.write_text('{"entries": [')
    try:
        r = ctx.api.post(f"/api/stories/{first}/illustrations", json={"pages": [1]})
        check(r.status_code == 202, r.text)
        second = ctx.api.post("/api/stories/", json=book(child_name="Other")).json()["id"]
        story = wait_for(ctx.api, second, timeout=120)
        check(story["status"] == "completed", f"the other book is {story['status']}")
        deadline = time.monotonic() + 30
        while (err := ctx.api.get(f"/api/stories/{first}").json()["error"] or {}).get(
            "code"
        ) != "STORY_UNREADABLE":
            check(time.monotonic() < deadline, f"the broken book does not say why: {err}")
            time.sleep(0.2)
        check("manifest" in err["message"] or "JSON" in err["message"], err["message"])
    finally:
        manifest.write_bytes(good)
    deadline = time.monotonic() + 30
    while (ctx.api.get(f"/api/stories/{first}").json()["error"] or {}).get(
        "code"
    ) == "STORY_UNREADABLE":
        check(time.monotonic() < deadline, "the restored book still says unreadable")
        time.sleep(0.2)


def _slots_held_by_ended_runs(stack: Stack, pools: tuple[str, ...]) -> int:
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(stack.home)) as instance:
        held = 0
        for pool in pools:
            info = instance.event_log_storage.get_concurrency_info(pool)
            for slot in info.claimed_slots:
                run = instance.get_run_by_id(slot.run_id)
                held += run is None or run.is_finished
        return held


def drill_killed_worker(ctx: Ctx) -> None:
    """SIGKILL the run worker during narration: run monitoring marks the run failed within
    60 s, its `speech` slot is freed, and the pages already on disk count in the API."""
    client = ctx.stack.client()
    ctx.faults({"speech": {"*": {"delay_ms": 700}}})
    try:
        sid = ctx.api.post("/api/stories/", json=book(page_count=6)).json()["id"]
        deadline = time.monotonic() + 90
        done = 0
        while done < 2:
            check(time.monotonic() < deadline, "narration never got going")
            story = ctx.api.get(f"/api/stories/{sid}").json()
            audio = ((story.get("progress") or {}).get("assets") or {}).get("page_audio") or {}
            done = audio.get("done", 0)
            time.sleep(0.1)
        run = client.runs_for_partition(sid)[0]
        tags = {t["key"]: t["value"] for t in run["tags"]}
        os.kill(int(tags["moretale/run_worker_pid"]), signal.SIGKILL)
        killed = time.monotonic()
    finally:
        ctx.faults({})
    status = wait_run(ctx.stack, run["runId"], 75)
    marked = time.monotonic() - killed
    check(status == "FAILURE" and marked <= 60, f"run {status} after {marked:.0f} s")
    story = wait_for(ctx.api, sid, timeout=30)
    result = ctx.api.get(f"/api/stories/{sid}/result").json()
    narrated = sum(
        p[k] is not None
        for p in result["pages"]
        for k in ("audio_primary_url", "audio_secondary_url")
    )
    wavs = len(list((ctx.stack.outputs / sid / "audio").rglob("*.wav")))
    check(narrated >= min(wavs, 2) and narrated == wavs, f"{narrated} served, {wavs} on disk")
    deadline = time.monotonic() + 45
    while (leaked := _slots_held_by_ended_runs(ctx.stack, ("speech", "illustrator"))) > 0:
        if time.monotonic() > deadline:
            ctx.add("slots_leaked", leaked)
            raise DrillFailed(f"{leaked} pool slot(s) still held by ended runs")
        time.sleep(1)
    check(story["status"] == "completed", f"killed book is {story['status']}")
    check(story["result"]["has_partial_failures"], "the killed book lost nothing?")
    # The operator repairs it from the UI (Materialize on the partition: an asset job run).
    assets = ["page_audio", "cover_illustration", "page_illustrations"]
    run_id = ctx.stack.client().launch(sid, job="__ASSET_JOB", assets=assets)
    ctx.worst("repair_visible_in_api_s", _repaired_after(ctx, sid, lambda: [run_id]))


def stuck_stories(ctx: Ctx, settle_s: float = 90) -> int:
    """Stories still queued/running once everything had time to finish."""
    deadline = time.monotonic() + settle_s
    while True:
        items = ctx.api.get("/api/stories/", params={"limit": 100}).json()["items"]
        active = [s for s in items if s["status"] not in FINAL]
        if not active or time.monotonic() > deadline:
            return len(active)
        time.sleep(1)


FAST = (
    drill_repair_asset_job,
    drill_concurrent_regenerate,
    drill_cancel_early,
    drill_purge_running,
    drill_batch_retry,
    drill_unreadable_manifest,
    drill_killed_worker,
    drill_crash_in_create,
)
ALL = (*FAST[:1], drill_repair_backfill, *FAST[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--skip-backfill", action="store_true")
    parser.add_argument("--workdir", help="keep homes and logs here instead of a temp folder")
    args = parser.parse_args(argv)
    drills = [d for d in ALL if not (args.skip_backfill and d is drill_repair_backfill)]
    if args.only:
        drills = [d for d in drills if d.__name__.removeprefix("drill_") in args.only]
    with tempfile.TemporaryDirectory(prefix="moretale-drills-") as tmp:
        root = Path(args.workdir or tmp)
        root.mkdir(parents=True, exist_ok=True)
        plan = root / "faults.json"
        plan.write_text("{}")
        stack = Stack(
            home=root / "dagster_home",
            outputs=root / "outputs",
            port=free_port(),
            api_port=free_port(),
            api_key=KEY,
            env_extra={
                "MORETALE_FAULT_PLAN": f"@{plan}",
                "MORETALE_RATE_LIMIT_POSTS": "500/minute",
            },
        )
        stack.start()
        passed = 0
        try:
            api = httpx.Client(base_url=stack.api_url, headers={"X-API-Key": KEY}, timeout=60)
            ctx = Ctx(stack, api, plan)
            for drill in drills:
                name = drill.__name__.removeprefix("drill_")
                started = time.monotonic()
                try:
                    drill(ctx)
                    passed += 1
                    print(f"drill_{name}: pass ({time.monotonic() - started:.1f} s)", flush=True)
                except Exception as exc:  # a drill that breaks is a failed drill, not a crash
                    print(f"drill_{name}: FAIL {type(exc).__name__}: {exc}"[:400], flush=True)
                    ctx.faults({})
            stuck = stuck_stories(ctx) + int(ctx.figures.get("stories_stuck", 0))
        finally:
            stack.stop()
    print(f"cancel_states_seen: {' '.join(ctx.cancel_states) or 'n/a'}")
    print(f"drills_passed: {passed} of {len(drills)}")
    print(f"stories_stuck: {stuck}")
    for name in ("duplicate_stories", "pages_made_twice", "slots_leaked"):
        print(f"{name}: {int(ctx.figures.get(name, 0))}")
    repair = ctx.figures.get("repair_visible_in_api_s")
    print(
        f"repair_visible_in_api_s: {repair:.2f}"
        if repair is not None
        else "repair_visible_in_api_s: n/a"
    )
    return 0 if passed == len(drills) and stuck == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

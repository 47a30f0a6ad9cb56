"""The whole book through the real stack: webserver + daemon + queued runs, over GraphQL."""

import os
import signal
import time
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.launcher.base import WorkerStatus

from devstack.book_runs import create_book, wait_run
from moretale_assets.launcher import PID_TAG
from moretale_assets.lib import audio, contract
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.layout import Book
from moretale_assets.lib.storage import LocalStorage
from tests.integration.conftest import set_faults

ASSETS = list(contract.ASSET_NAMES)


def _processes() -> dict[int, tuple[int, bytes]]:
    """pid -> (parent pid, command line) for every process on the machine."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found[int(entry.name)] = (ppid, (entry / "cmdline").read_bytes())
            except (OSError, IndexError, ValueError):
                continue
    return found


def _fork_servers() -> dict[int, int]:
    """pid -> parent pid of every multiprocessing fork server."""
    return {
        pid: ppid
        for pid, (ppid, cmd) in _processes().items()
        if b"multiprocessing.forkserver" in cmd
    }


def test_the_daemon_starts_the_fork_server_before_any_run(stack):
    """Runs first in this module: no run exists yet, and the daemon's fork server is already
    importing or up (WarmingQueuedRunCoordinator), so the first book does not wait for it."""
    with DagsterInstance.from_config(str(stack.home)) as instance:
        assert instance.get_runs_count() == 0
    processes = _processes()
    daemons = {p for p, (_, cmd) in processes.items() if b"dagster-daemon" in cmd}
    deadline = time.monotonic() + 30
    while not any(ppid in daemons for ppid in _fork_servers().values()):
        assert time.monotonic() < deadline, "the daemon started no fork server"
        time.sleep(0.2)


def test_24_page_book_through_the_real_stack(stack, make_request):
    storage = LocalStorage(stack.outputs)
    client = stack.client()
    story_id, run_id = create_book(client, storage, make_request(page_count=24))
    assert wait_run(client, run_id, timeout=180) == DagsterRunStatus.SUCCESS
    book = Book(storage, story_id)
    names = [k.split("/", 1)[1] for k in storage.list(story_id)]
    wavs = [n for n in names if n.endswith(".wav")]
    pngs = [n for n in names if n.startswith("illustrations/page_")]
    assert len(wavs) == 48 and len(pngs) == 24
    assert {
        "story.json",
        "request.json",
        "illustrations/cover.png",
        "audio/manifest.json",
        "illustrations/manifest.json",
    } <= set(names)
    assert all(audio.is_valid_speech(book.get(w)) for w in wavs[:4])
    assert is_valid_png(book.get("illustrations/cover.png"))
    for asset in ASSETS:
        assert story_id in client.partition_statuses(asset)["materialized"], asset


def test_failed_page_shows_failed_then_a_ui_backfill_completes_only_it(stack, make_request):
    storage = LocalStorage(stack.outputs)
    client = stack.client()
    set_faults(stack, {"illustrator": {"page_03": -1}})
    story_id, run_id = create_book(client, storage, make_request(page_count=6))
    assert wait_run(client, run_id, timeout=180) == DagsterRunStatus.FAILURE
    assert story_id in client.partition_statuses("page_illustrations")["failed"]
    assert story_id in client.partition_statuses("page_audio")["materialized"]
    book = Book(storage, story_id)
    before = book.illustration_manifest()
    assert [e.page_number for e in before.entries if e.status == "failed"] == [3]
    kept = {k: storage.get(k) for k in storage.list(story_id) if k.endswith((".wav", ".png"))}

    set_faults(stack, {})  # the outage is over
    backfill_id = client.launch_backfill([story_id], ASSETS)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        bf = client.backfill(backfill_id)
        # Its runs, not the backfill's own status: the daemon marks a backfill COMPLETED on
        # its next 30 s tick after the runs end, which cost this test half a minute of waiting.
        # The page checks below fail if some asset were left for a later run.
        if bf.runs and all(s in ("SUCCESS", "FAILURE", "CANCELED") for _, s in bf.runs):
            break
        time.sleep(0.5)
    assert bf.runs and all(s == "SUCCESS" for _, s in bf.runs), bf
    after = book.illustration_manifest()
    statuses = {e.page_number: e.status for e in after.entries if e.asset_type == "page"}
    assert statuses == {
        1: "skipped_exists",
        2: "skipped_exists",
        3: "generated",
        4: "skipped_exists",
        5: "skipped_exists",
        6: "skipped_exists",
    }
    assert book.audio_manifest().generated == 0  # nothing re-spoken
    assert all(storage.get(k) == v for k, v in kept.items())  # finished files untouched
    assert story_id in client.partition_statuses("page_illustrations")["materialized"]
    assert story_id not in client.partition_statuses("page_illustrations")["failed"]


def test_a_second_run_of_a_story_waits_for_the_first(stack, make_request):
    """Two runs of one partition would both read-modify-write its manifests: the instance
    allows one run per story at a time, however it was launched (UI, backfill, API)."""
    storage = LocalStorage(stack.outputs)
    client = stack.client()
    story_id, first = create_book(client, storage, make_request(page_count=8))
    second = client.launch(story_id, assets=["page_illustrations"])
    for run_id in (first, second):
        assert wait_run(client, run_id, timeout=180) == DagsterRunStatus.SUCCESS
    t1, t2 = (client.run_timing(r) for r in (first, second))
    assert t2["startTime"] >= t1["endTime"], (t1, t2)


def _forked_worker(stack, make_request, instance) -> tuple[str, int]:
    """Launch a slow book and wait until its forked worker runs it: (run_id, worker pid)."""
    client = stack.client()
    _, run_id = create_book(client, LocalStorage(stack.outputs), make_request(page_count=8))
    deadline = time.monotonic() + 60
    while True:
        run = instance.get_run_by_id(run_id)
        assert run is not None
        if run.status == DagsterRunStatus.STARTED and PID_TAG in run.tags:
            break
        assert time.monotonic() < deadline, f"run is {run.status}, tags {run.tags}"
        time.sleep(0.1)
    pid = int(run.tags[PID_TAG])
    events, _, _ = client.run_logs(run_id, None)
    assert any(f"Started process for run (pid: {pid})" in (e.get("message") or "") for e in events)
    assert b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    # A worker inherits the daemon's argv; it must not start a fork server of its own.
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        assert pid not in _fork_servers().values(), "the run worker started a fork server"
        time.sleep(0.1)
    return run_id, pid


def test_run_workers_are_forked_warm_cancel_and_a_killed_one_is_reported(stack, make_request):
    """The instance's WarmRunLauncher forks each run worker from its fork server (not the code
    server's fresh interpreter). A cancel from the UI stops the forked worker; a worker killed
    outright (say by the OOM killer) is reported FAILED by the launcher's health check, which
    Dagster's run monitoring acts on."""
    slow = {"speech": {"*": {"delay_ms": 800}}, "illustrator": {"*": {"delay_ms": 800}}}
    set_faults(stack, slow)
    client = stack.client()
    with DagsterInstance.from_config(str(stack.home)) as instance:
        run_id, pid = _forked_worker(stack, make_request, instance)
        client.terminate(run_id)  # the webserver's launcher signals the daemon's worker
        assert wait_run(client, run_id, timeout=60) == DagsterRunStatus.CANCELED
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists():
            assert time.monotonic() < deadline, "the canceled worker did not exit"
            time.sleep(0.1)

        run_id, pid = _forked_worker(stack, make_request, instance)
        run = instance.get_run_by_id(run_id)
        assert run is not None
        launcher = instance.run_launcher
        assert launcher.check_run_worker_health(run).status == WorkerStatus.RUNNING
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while (health := launcher.check_run_worker_health(run)).status == WorkerStatus.RUNNING:
            assert time.monotonic() < deadline, "the killed worker still looks alive"
            time.sleep(0.1)
        assert health.status == WorkerStatus.FAILED and str(pid) in (health.msg or "")
        # What run monitoring would do within its poll interval; frees the run slot now.
        instance.report_run_failed(run)
    set_faults(stack, {})

"""Keep the catalog in step with Dagster: runs by update time, each run's events by cursor.

Exactly-once: every event row is keyed (run_id, position in the run's log), and a run's cursor,
its event count and its rows commit in one transaction, so a replayed or concurrent tick can
neither miss nor double-count. Deleting the catalog and restarting replays everything.

Every run that touches a story partition counts, whatever launched it: `book_job` from the API,
`__ASSET_JOB` runs from the UI's Materialize, backfills, re-executions, the CLI. A story's
status and pages come from its latest run and the files on disk, not from one job.

One story's problem stays that story's: a book whose files cannot be read (a corrupt
manifest) gets an error saying why and is retried on later ticks, while every other story
keeps updating."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from api.catalog.db import Catalog
from api.catalog.projection import UrlFor, project
from api.catalog.repository import runs as runs_repo
from api.catalog.repository import stories as story_repo
from api.catalog.status import (
    FINAL_RUN,
    failure_message,
    fold_progress,
    keep_forward,
    ready_files,
    story_status,
)
from api.dagster_client import BOOK_JOB, DagsterClient, DagsterUnavailable
from api.meta import read_meta, request_hash
from moretale_assets.lib import causes, contract, layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.schemas import StoryMeta, StoryRequest
from moretale_assets.lib.storage import NotFound, Storage
from moretale_assets.lib.story_ids import is_story_id

log = logging.getLogger("moretale.api.ingest")

OVERLAP_S = 5.0  # re-read runs updated shortly before the high-water mark: clocks and commits
RETRY_BROKEN_S = 5.0  # how often a story whose files could not be read is tried again
REFRESH_ATTEMPTS = 3  # a projection derived again after a request changed the story under it
RECONCILE_S = 10.0  # how often stories queued without a run are looked for (api/service.py)
EVENT_KINDS = {
    "ExecutionStepStartEvent": "step_start",
    "ExecutionStepRestartEvent": "step_start",
    "ExecutionStepSuccessEvent": "step_success",
    "ExecutionStepFailureEvent": "step_failure",
    "ExecutionStepUpForRetryEvent": "step_retry",
    "ObservationEvent": "observation",
    "MaterializationEvent": "materialization",
    # A quality check has written its report beside the book: refresh the result now, not
    # only when the run ends (the story's check finishes long before the pictures).
    "AssetCheckEvaluationEvent": "check_evaluation",
    "RunSuccessEvent": "run_end",
    "RunFailureEvent": "run_end",
    "RunCanceledEvent": "run_end",
}


def _meta_values(entries: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in entries or []:
        for key in ("intValue", "floatValue", "text", "boolValue"):
            if key in e:
                out[e["label"]] = e[key]
    return out


def failed_items(proj: Any) -> list[tuple[str, int | None, str | None]]:
    """(item, page, error) of every failed output of a projected book; page 0 is the cover."""
    items: list[tuple[str, int | None, str | None]] = []
    for row in proj.pages:
        n = row["page_number"]
        for asset in ("illustration", "audio_primary", "audio_secondary"):
            if row.get(f"{asset}_status") in ("failed", "missing"):
                items.append((f"page_{n:02d} {asset}", n, row.get(f"{asset}_error")))
    cover = ((proj.result or {}).get("assets") or {}).get("cover") or {}
    if cover.get("status") in ("failed", "missing"):
        items.append(("cover", 0, cover.get("error")))
    return items


def _event_row(ev: dict[str, Any]) -> tuple[str, str | None, dict[str, Any]] | None:
    kind = EVENT_KINDS.get(ev["__typename"])
    if kind is None:
        return None
    asset = ev["assetKey"]["path"][-1] if ev.get("assetKey") else ev.get("stepKey")
    data: dict[str, Any] = {}
    if kind in ("observation", "materialization"):
        data = _meta_values(ev.get("metadataEntries", []))
    elif kind == "step_failure":
        fm = ev.get("failureMetadata") or {}
        data = {"message": fm.get("description") or (ev.get("error") or {}).get("message")}
    return kind, asset, data


class Ingestor:
    def __init__(
        self,
        catalog: Catalog,
        client: DagsterClient,
        storage: Storage,
        url_for: UrlFor,
        interval_s: float = 0.25,
    ) -> None:
        self.catalog, self.client, self.storage = catalog, client, storage
        self.url_for, self.interval_s = url_for, interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_tick: float = 0.0
        self.last_error: str | None = None
        self._broken: dict[str, float] = {}  # story id -> when to try its refresh again
        self._next_reconcile = 0.0  # at start-up first, then every RECONCILE_S

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="catalog-ingest", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
                self.last_error = None
                if time.monotonic() >= self._next_reconcile:
                    self.reconcile(startup=self._next_reconcile == 0.0)
                    self._next_reconcile = time.monotonic() + RECONCILE_S
            except DagsterUnavailable as exc:
                self.last_error = str(exc)
                log.warning("ingest: dagster unavailable", extra={"error": str(exc)[:500]})
            except Exception as exc:  # keep ingesting; the next tick retries from the cursors
                self.last_error = repr(exc)
                log.exception("ingest tick failed")
            self._stop.wait(self.interval_s)

    # --- one pass ----------------------------------------------------------------------------
    def tick(self) -> set[str]:
        """Ingest what changed since the last tick; returns the story ids it refreshed."""
        high_water = runs_repo.high_water(self.catalog)
        touched: set[str] = set()
        runs = self.client.runs_updated_after(max(0.0, high_water - OVERLAP_S))
        new_hw = high_water
        for run in runs:
            new_hw = max(new_hw, float(run["updateTime"]))
            if self._upsert_run(run):
                touched.add(self._partition(run) or "")
        for r in runs_repo.open_runs(self.catalog):
            if self._ingest_logs(r.run_id, r.story_id, r.status, r.log_cursor):
                touched.add(r.story_id)
        touched.discard("")
        now = time.monotonic()
        touched |= {s for s, when in self._broken.items() if when <= now}
        for story_id in sorted(touched):
            self._refresh_one(story_id)
        if new_hw != high_water:  # an idle tick writes nothing (4 ticks a second)
            runs_repo.set_high_water(self.catalog, new_hw)
        self.last_tick = time.time()
        return touched

    def reconcile(self, *, startup: bool = False) -> list[str]:
        """Launch what a crash left queued without a run (see `service.reconcile`)."""
        from api import service  # service imports this module

        return service.reconcile(
            self.catalog, self.client, self.storage, min_age_s=0.0 if startup else 20.0
        )

    def _refresh_one(self, story_id: str) -> None:
        try:
            self.refresh(story_id)
        except DagsterUnavailable:
            raise
        except Exception as exc:  # this story's files; never the other stories' refresh
            self._broken[story_id] = time.monotonic() + RETRY_BROKEN_S
            log.warning(
                "ingest: story unreadable", extra={"story": story_id, "error": repr(exc)[:300]}
            )
            self._mark_unreadable(story_id, exc)
        else:
            if self._broken.pop(story_id, None) is not None:
                log.info("ingest: story readable again", extra={"story": story_id})

    def _mark_unreadable(self, story_id: str, exc: Exception) -> None:
        error = {
            "code": "STORY_UNREADABLE",
            "message": f"the book's files could not be read: {type(exc).__name__}: {exc}"[:500],
            "detail": {"story_id": story_id},
        }
        story_repo.mark_unreadable(self.catalog, story_id, error, time.time())

    @staticmethod
    def _partition(run: dict[str, Any]) -> str | None:
        tags = {t["key"]: t["value"] for t in run["tags"]}
        key = tags.get(contract.TAG_PARTITION)
        if key is None:
            # A backfill or UI launch over a one-key range tags the range, not the partition.
            start = tags.get("dagster/asset_partition_range_start")
            if start is not None and start == tags.get("dagster/asset_partition_range_end"):
                key = start
        return key if key and is_story_id(key) else None

    def _upsert_run(self, run: dict[str, Any]) -> bool:
        story_id = self._partition(run)
        if story_id is None:
            return False
        if not self._ensure_story(story_id, float(run["creationTime"])):
            return False
        tags = {t["key"]: t["value"] for t in run["tags"]}
        # API runs say what they are; anything else (UI, backfill, CLI) is a repair of the book.
        kind = tags.get(contract.TAG_KIND) or (
            "book" if run.get("jobName") == BOOK_JOB else "repair"
        )
        seen = runs_repo.RunSeen(
            run_id=run["runId"],
            story_id=story_id,
            kind=kind,
            status=run["status"],
            created_at=float(run["creationTime"]),
            updated_at=float(run["updateTime"]),
        )
        return runs_repo.upsert(self.catalog, seen, FINAL_RUN)

    def _ensure_story(self, story_id: str, created_at: float) -> bool:
        """A run for a story the catalog has not seen (rebuild, or launched from the UI)."""
        if story_repo.exists(self.catalog, story_id):
            return True
        book = Book(self.storage, story_id)
        try:
            request = book.request()
        except (NotFound, ValueError):
            return False  # not created through MoreTale: nothing to serve
        meta = read_meta(self.storage, story_id) or StoryMeta(
            created_at=created_at, request_hash=request_hash(request)
        )
        story_repo.insert(self.catalog, story_id, request, meta)
        return True

    def _ingest_logs(self, run_id: str, story_id: str, status: str, cursor: str | None) -> bool:
        final = status in FINAL_RUN
        got_any = False
        while True:
            events, new_cursor, has_more = self.client.run_logs(run_id, cursor)
            rows = []
            for ev in events:
                r = _event_row(ev)
                if r is not None:
                    kind, asset, data = r
                    ts = float(ev.get("timestamp") or 0) / 1000
                    rows.append(runs_repo.Event(kind, asset, data, ts))
            done = final and not has_more
            if runs_repo.append_events(self.catalog, run_id, story_id, rows, new_cursor, done):
                got_any = True
            cursor = new_cursor
            if not has_more:
                return got_any or final

    # --- projection --------------------------------------------------------------------------
    def refresh(self, story_id: str) -> None:
        """Project the story from its runs and files. A request that changes the row while
        this reads (a cancel, a relaunch) wins: the projection is derived again from it."""
        for _ in range(REFRESH_ATTEMPTS):
            if self._refresh_once(story_id):
                return
        # Left as the last request wrote it; the story's next run event projects it again.
        log.warning("catalog.refresh: the story kept changing", extra={"story": story_id})

    def _refresh_once(self, story_id: str) -> bool:
        inputs = story_repo.refresh_inputs(self.catalog, story_id)
        if inputs is None:
            return True
        request = StoryRequest.model_validate_json(inputs.request)
        latest = runs_repo.latest(self.catalog, story_id)
        run_id, kind, run_status = (
            (latest.run_id, latest.kind, latest.status) if latest else (None, None, None)
        )
        if inputs.run_id and not runs_repo.known(self.catalog, inputs.run_id):
            # The API launched a run the feed has not shown yet: the story is queued on it,
            # not back in the state of its previous run.
            run_id, kind, run_status = inputs.run_id, inputs.run_kind, "QUEUED"
        parsed = (
            [(e.kind, e.asset, e.data) for e in runs_repo.events(self.catalog, run_id)]
            if run_id
            else []
        )
        gen = request.generation
        enabled = {
            contract.PAGE_AUDIO: gen.enable_tts,
            contract.COVER_ILLUSTRATION: gen.enable_illustration and gen.enable_cover,
            contract.PAGE_ILLUSTRATIONS: gen.enable_illustration,
        }
        progress = fold_progress(parsed, run_status, enabled) if run_id else None
        if progress and inputs.run_id == run_id and inputs.progress:
            progress = keep_forward(json.loads(inputs.progress), progress)
        final = run_status in FINAL_RUN
        book = Book(self.storage, story_id)
        live = ready_files(parsed)
        if run_status == "FAILURE":
            live |= unlisted_files(book)
        proj = project(
            book,
            request,
            self.url_for,
            final=final,
            # Files the run reported finished count even when it died before writing its
            # manifest (a killed worker): they are on disk, whole (writes are atomic).
            live=live,
        )
        status = story_status(run_status, proj.has_story)
        error = None
        if run_status == "FAILURE" or (final and proj.has_partial_failures):
            failures = [d.get("message") for k, _, d in parsed if k == "step_failure"]
            code = "PARTIAL_FAILURE" if proj.has_story else "GENERATION_FAILED"
            # Every distinct cause with the pages it hit, not only the last step's message.
            groups = causes.by_cause(
                failed_items(proj) or [("run", None, failures[-1] if failures else None)]
            )
            error = {
                "code": code,
                # "completed with 2 failed pages: page_04, page_09. <cause>: ..." (issue 17,
                # issue 16's causes), not the last retry's "Exceeded max_retries of 2".
                "message": failure_message(proj.failed_pages, proj.has_story, failures)
                + (". " + causes.summary(groups) if proj.has_story and groups else ""),
                "detail": {"run_id": run_id, "failed_pages": proj.failed_pages, "causes": groups},
            }
        projected = story_repo.Projected(
            status=status,
            run_id=run_id,
            run_kind=kind,
            run_status=run_status,
            title_primary=proj.title_primary,
            title_secondary=proj.title_secondary,
            has_story=proj.has_story,
            has_partial_failures=proj.has_partial_failures and final,
            progress=json.dumps(progress) if progress else None,
            error=json.dumps(error) if error else None,
            result=json.dumps(proj.result) if proj.result else None,
            # Kept apart so the list never opens the result JSON of every row.
            cover_url=proj.result["assets"]["cover"]["url"] if proj.result else None,
            updated_at=time.time(),
            pages=proj.pages,
        )
        return story_repo.write_projection(self.catalog, story_id, projected, inputs.updated_at)


MEDIA_SUFFIXES = (".wav", ".png")


def unlisted_files(book: Book) -> frozenset[str]:
    """Media on disk that no manifest lists: what a run worker killed mid-step had finished
    (it writes each file atomically, the manifest only at the step's end). One listing of the
    story's keys, read only after a failed run."""
    listed = {
        e.path
        for manifest in (book.audio_manifest(), book.illustration_manifest())
        if manifest
        for e in manifest.entries
        if e.path
    }
    prefix = f"{book.story_id}/"
    on_disk = {
        k.removeprefix(prefix)
        for k in book.storage.list(book.story_id)
        if k.startswith(prefix)
        and k.endswith(MEDIA_SUFFIXES)
        and not k.rsplit("/", 1)[-1].startswith(".")
    }
    return frozenset(on_disk - listed)


__all__ = ["Ingestor", "layout"]

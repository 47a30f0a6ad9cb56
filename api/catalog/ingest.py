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

import hashlib
import json
import logging
import threading
import time
from typing import Any

from api.catalog.db import Catalog
from api.catalog.projection import UrlFor, project
from api.catalog.status import (
    FINAL_RUN,
    failure_message,
    fold_progress,
    keep_forward,
    ready_files,
    story_status,
)
from api.dagster_client import BOOK_JOB, DagsterClient, DagsterUnavailable
from api.models import StoryMeta
from moretale_assets.lib import causes, contract, layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import NotFound, Storage
from moretale_assets.lib.story_ids import is_story_id

log = logging.getLogger("moretale.api.ingest")

META = "meta.json"
OVERLAP_S = 5.0  # re-read runs updated shortly before the high-water mark: clocks and commits
RETRY_BROKEN_S = 5.0  # how often a story whose files could not be read is tried again
RECONCILE_S = 10.0  # how often stories queued without a run are looked for (api/service.py)
EVENT_KINDS = {
    "ExecutionStepStartEvent": "step_start",
    "ExecutionStepRestartEvent": "step_start",
    "ExecutionStepSuccessEvent": "step_success",
    "ExecutionStepFailureEvent": "step_failure",
    "ExecutionStepUpForRetryEvent": "step_retry",
    "ObservationEvent": "observation",
    "MaterializationEvent": "materialization",
    "RunSuccessEvent": "run_end",
    "RunFailureEvent": "run_end",
    "RunCanceledEvent": "run_end",
}


def request_hash(request: StoryRequest) -> str:
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()


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
        cur = self.catalog.cursor()
        row = cur.execute("SELECT value FROM ingest_state WHERE name = 'runs_hw'").fetchone()
        high_water = row[0] if row else 0.0
        touched: set[str] = set()
        runs = self.client.runs_updated_after(max(0.0, high_water - OVERLAP_S))
        new_hw = high_water
        for run in runs:
            new_hw = max(new_hw, float(run["updateTime"]))
            if self._upsert_run(run):
                touched.add(self._partition(run) or "")
        open_runs = cur.execute(
            "SELECT run_id, story_id, status, log_cursor FROM runs WHERE NOT closed"
        ).fetchall()
        for run_id, story_id, status, cursor in open_runs:
            if self._ingest_logs(run_id, story_id, status, cursor):
                touched.add(story_id)
        touched.discard("")
        now = time.monotonic()
        touched |= {s for s, when in self._broken.items() if when <= now}
        for story_id in sorted(touched):
            self._refresh_one(story_id)
        if new_hw != high_water:  # an idle tick writes nothing (4 ticks a second)
            with self.catalog.write(touches=()) as w:
                w.execute("INSERT OR REPLACE INTO ingest_state VALUES ('runs_hw', ?)", [new_hw])
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
        with self.catalog.write(touches=[story_id]) as w:
            w.execute(
                "UPDATE stories SET error = ?, updated_at = ? WHERE id = ?",
                [json.dumps(error), time.time(), story_id],
            )

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
        # Runs and events are inputs of the projection; only refresh() changes a story's rows.
        with self.catalog.write(touches=()) as w:
            old = w.execute("SELECT status FROM runs WHERE run_id = ?", [run["runId"]]).fetchone()
            if old and old[0] == run["status"]:
                return False
            if old and old[0] in FINAL_RUN and run["status"] not in FINAL_RUN:
                # A run's status only moves forward: a poll answered before a cancel (written
                # by the API as CANCELED) must not bring the run back to STARTED. A final
                # status that Dagster itself replaces (a queue cancel that lost the race with
                # the dequeue and then completed) is taken when it is final again.
                return False
            if old:
                w.execute(
                    "UPDATE runs SET status = ?, updated_at = ? WHERE run_id = ?",
                    [run["status"], float(run["updateTime"]), run["runId"]],
                )
            else:
                w.execute(
                    "INSERT INTO runs (run_id, story_id, kind, status, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        run["runId"],
                        story_id,
                        kind,
                        run["status"],
                        float(run["creationTime"]),
                        float(run["updateTime"]),
                    ],
                )
        return True

    def _ensure_story(self, story_id: str, created_at: float) -> bool:
        """A run for a story the catalog has not seen (rebuild, or launched from the UI)."""
        cur = self.catalog.cursor()
        if cur.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone():
            return True
        book = Book(self.storage, story_id)
        try:
            request = book.request()
        except (NotFound, ValueError):
            return False  # not created through MoreTale: nothing to serve
        meta = book.get_model_or_none(META, StoryMeta) or StoryMeta(
            created_at=created_at, request_hash=request_hash(request)
        )
        with self.catalog.write(touches=[story_id]) as w:
            insert_story(w, story_id, request, meta)
        return True

    def _ingest_logs(self, run_id: str, story_id: str, status: str, cursor: str | None) -> bool:
        final = status in FINAL_RUN
        got_any = False
        while True:
            events, new_cursor, has_more = self.client.run_logs(run_id, cursor)
            with self.catalog.write(touches=()) as w:
                # Re-check inside the transaction: the position of each event is its seq.
                seen = w.execute(
                    "SELECT count(*) FROM asset_events WHERE run_id = ?", [run_id]
                ).fetchone()[0]
                rows = []
                for ev in events:
                    r = _event_row(ev)
                    if r is None:
                        continue
                    kind, asset, data = r
                    ts = float(ev.get("timestamp") or 0) / 1000
                    rows.append(
                        [run_id, seen + len(rows), story_id, asset, kind, ts, json.dumps(data)]
                    )
                if rows:
                    w.executemany(
                        "INSERT OR IGNORE INTO asset_events VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                    )
                    got_any = True
                done = final and not has_more
                w.execute(
                    "UPDATE runs SET log_cursor = ?, closed = ? WHERE run_id = ?",
                    [new_cursor, done, run_id],
                )
            cursor = new_cursor
            if not has_more:
                return got_any or final

    # --- projection --------------------------------------------------------------------------
    def refresh(self, story_id: str) -> None:
        cur = self.catalog.cursor()
        row = cur.execute("SELECT request FROM stories WHERE id = ?", [story_id]).fetchone()
        if row is None:
            return
        request = StoryRequest.model_validate_json(row[0])
        launched = cur.execute(
            "SELECT run_id, run_kind FROM stories WHERE id = ?", [story_id]
        ).fetchone()
        run = cur.execute(
            "SELECT run_id, kind, status FROM runs WHERE story_id = ? "
            "ORDER BY created_at DESC LIMIT 1",
            [story_id],
        ).fetchone()
        run_id, kind, run_status = run if run else (None, None, None)
        known = cur.execute("SELECT 1 FROM runs WHERE run_id = ?", [launched[0]]).fetchone()
        if launched[0] and not known:
            # The API launched a run the feed has not shown yet: the story is queued on it,
            # not back in the state of its previous run.
            run_id, kind, run_status = launched[0], launched[1], "QUEUED"
        events = (
            cur.execute(
                "SELECT event_type, asset, data FROM asset_events WHERE run_id = ? ORDER BY seq",
                [run_id],
            ).fetchall()
            if run_id
            else []
        )
        parsed = [(k, a, json.loads(d) if d else {}) for k, a, d in events]
        gen = request.generation
        enabled = {
            contract.PAGE_AUDIO: gen.enable_tts,
            contract.COVER_ILLUSTRATION: gen.enable_illustration and gen.enable_cover,
            contract.PAGE_ILLUSTRATIONS: gen.enable_illustration,
        }
        progress = fold_progress(parsed, run_status, enabled) if run_id else None
        previous = cur.execute(
            "SELECT run_id, progress FROM stories WHERE id = ?", [story_id]
        ).fetchone()
        if progress and previous and previous[0] == run_id and previous[1]:
            progress = keep_forward(json.loads(previous[1]), progress)
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
        with self.catalog.write(touches=[story_id]) as w:
            w.execute(
                """UPDATE stories SET status = ?, run_id = ?, run_kind = ?, run_status = ?,
                   title_primary = ?, title_secondary = ?, has_story = ?,
                   has_partial_failures = ?, progress = ?, error = ?, result = ?,
                   cover_url = ?, updated_at = ? WHERE id = ?""",
                [
                    status,
                    run_id,
                    kind,
                    run_status,
                    proj.title_primary,
                    proj.title_secondary,
                    proj.has_story,
                    proj.has_partial_failures and final,
                    json.dumps(progress) if progress else None,
                    json.dumps(error) if error else None,
                    json.dumps(proj.result) if proj.result else None,
                    # Kept apart so the list never opens the result JSON of every row.
                    proj.result["assets"]["cover"]["url"] if proj.result else None,
                    time.time(),
                    story_id,
                ],
            )
            w.execute("DELETE FROM pages WHERE story_id = ?", [story_id])
            if proj.pages:
                w.executemany(
                    "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        [
                            story_id,
                            p["page_number"],
                            p["text_primary"],
                            p["text_secondary"],
                            p["audio_primary_status"],
                            p["audio_secondary_status"],
                            p["illustration_status"],
                        ]
                        for p in proj.pages
                    ],
                )


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


def insert_story(w: Any, story_id: str, request: StoryRequest, meta: StoryMeta) -> None:
    w.execute(
        """INSERT INTO stories (id, created_at, updated_at, request, child_name,
           child_name_lower, primary_lang, secondary_lang, page_count, idempotency_key,
           request_hash, status, deleted_at, set_name, callback_url)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            story_id,
            meta.created_at,
            meta.created_at,
            request.model_dump_json(),
            request.child_name,
            request.child_name.lower(),
            request.primary_lang,
            request.secondary_lang,
            request.page_count,
            meta.idempotency_key,
            meta.request_hash,
            "queued",
            meta.deleted_at,
            meta.set_name,
            meta.callback_url,
        ],
    )


def write_meta(storage: Storage, story_id: str, meta: StoryMeta) -> None:
    Book(storage, story_id).put_model(META, meta)


__all__ = ["META", "Ingestor", "insert_story", "layout", "request_hash", "write_meta"]

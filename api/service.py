"""What the story routes do, kept apart from HTTP details: create, launch, cancel, regenerate.

Crash- and retry-safety (issue 17):
- the catalog row is the outbox: create commits it (queued, no run) before it touches
  Dagster, and `ensure_launched` (keyed by the story id: a run already tagged with the
  partition is adopted, never a second one launched) is what create calls and what
  `reconcile` calls at start-up and every few seconds for rows a crash left without a run;
- one lock per story serializes every write to it (launch, regenerate, cancel, purge), so of
  two concurrent regenerates exactly one launches;
- cancel and purge ask Dagster to stop every active run of the partition and wait for its
  final status: "canceled" is said only for a run Dagster reports CANCELED.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from api.catalog.db import Catalog
from api.catalog.repository import stories as story_repo
from api.catalog.repository.stories import StoryRecord
from api.dagster_client import FINAL_STATUSES, DagsterClient, DagsterUnavailable
from api.errors import ApiError
from api.meta import read_meta, request_hash, write_meta
from api.models import StoryCreated
from moretale_assets.lib import contract, layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.providers import registry
from moretale_assets.lib.providers.base import UnsupportedRequest
from moretale_assets.lib.schemas import StoryMeta, StoryRequest
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.story_ids import new_story_id

log = logging.getLogger("moretale.api")
ACTIVE = ("queued", "running")
_create_lock = threading.Lock()  # idempotency check + insert must not interleave
_locks_guard = threading.Lock()
_story_locks: dict[str, threading.Lock] = {}
STOP_WAIT_S = 30.0  # how long cancel and purge wait for Dagster to stop a run
SETTLE_S = 3.0  # a CANCELED from the queue must hold this long (see stop_runs)


@contextmanager
def story_lock(story_id: str) -> Iterator[None]:
    """Every write to one story, one at a time (the API is the catalog's only process)."""
    with _locks_guard:
        lock = _story_locks.setdefault(story_id, threading.Lock())
    with lock:
        yield


def crashpoint(name: str) -> None:
    """Drills (bench/drills.py, tests/api/test_drills.py): die here, as a SIGKILL would, when
    MORETALE_DRILL_CRASH names this point."""
    if os.environ.get("MORETALE_DRILL_CRASH") == name:
        logging.shutdown()
        os._exit(70)


def unavailable(action: str, exc: DagsterUnavailable) -> ApiError:
    # Dagster's own text (GraphQL errors, hosts, stack frames) goes to the log, not the client.
    log.warning("dagster unavailable", extra={"action": action, "error": str(exc)[:300]})
    return ApiError(
        503,
        "DAGSTER_UNAVAILABLE",
        f"could not {action} the run; try again",
        {"retry_after_s": 5},
        headers={"Retry-After": "5"},
    )


def links(story_id: str) -> dict[str, str]:
    base = f"/api/stories/{story_id}"
    return {"status_url": base, "result_url": f"{base}/result"}


def check_supported(request: StoryRequest, provider: str, has_gemini_key: bool) -> None:
    """Refuse up front what the configured story writer can never write."""
    if registry.resolve(provider, has_gemini_key) != "offline":
        return  # Gemini writes every allowlisted language
    try:
        registry.story_writer("offline").check(request)
    except UnsupportedRequest as exc:
        if exc.field == "theme":  # the message lists the supported themes
            raise ApiError(422, "UNSUPPORTED_THEME", str(exc), {"theme": request.theme}) from exc
        raise ApiError(
            422,
            "UNSUPPORTED_LANGUAGE",
            str(exc),
            {"primary_lang": request.primary_lang, "secondary_lang": request.secondary_lang},
        ) from exc


def create(
    catalog: Catalog,
    dagster: DagsterClient,
    storage: Storage,
    request: StoryRequest,
    *,
    idempotency_key: str | None,
    set_name: str | None = None,
    callback_url: str | None = None,
) -> tuple[StoryCreated, bool]:
    """Returns (story, created); created is False for an idempotent replay."""
    digest = request_hash(request)
    replay: StoryCreated | None = None
    with _create_lock:
        if idempotency_key:
            found = story_repo.by_idempotency_key(catalog, idempotency_key)
            if found:
                if found.request_hash != digest:
                    raise ApiError(
                        409,
                        "IDEMPOTENCY_KEY_REUSED",
                        "this Idempotency-Key was used with a different request body",
                        {"id": found.id},
                    )
                replay = StoryCreated(id=found.id, status=found.status, **links(found.id))
        if replay is None:
            story_id = new_story_id(request.child_name, request.theme)
            meta = StoryMeta(
                created_at=time.time(),
                request_hash=digest,
                idempotency_key=idempotency_key,
                set_name=set_name,
                callback_url=callback_url,
            )
            # The outbox first: from this commit on, a crash leaves a row the reconciler
            # launches, and a retry with the same Idempotency-Key finds this story.
            story_repo.insert(catalog, story_id, request, meta)
            Book(storage, story_id).put_model(layout.REQUEST, request)
            write_meta(storage, story_id, meta)
    if replay is not None:
        try:  # a replay of a story that a crash left without a run launches it now
            ensure_launched(catalog, dagster, storage, replay.id)
        except DagsterUnavailable as exc:
            log.warning("story.replay: launch deferred", extra={"story": replay.id})
            raise unavailable("launch", exc) from exc
        return replay, False
    crashpoint("create.after_outbox")
    try:
        run_id = ensure_launched(catalog, dagster, storage, story_id)
    except DagsterUnavailable as exc:
        # Leave nothing behind: the request never became a story.
        with story_lock(story_id):
            story_repo.delete_unlaunched(catalog, story_id)
            storage.delete_prefix(story_id)
        raise unavailable("launch", exc) from exc
    log.info("story.queued", extra={"story": story_id, "run_id": run_id})
    return StoryCreated(id=story_id, status="queued", **links(story_id)), True


def create_batch(
    catalog: Catalog,
    dagster: DagsterClient,
    storage: Storage,
    requests: Sequence[StoryRequest],
    *,
    idempotency_key: str | None,
) -> tuple[list[StoryCreated], bool]:
    """A story set; with an Idempotency-Key, item i is keyed `<key>#<i>/<n>`, so a client that
    retries after a crash (ours or its own) gets the same stories, none twice, and the ones a
    crash kept from being created are created. Returns (stories, all replayed)."""
    n = len(requests)
    if idempotency_key:
        prefix = f"{idempotency_key}#"
        rows = story_repo.by_idempotency_prefix(catalog, prefix)
        if any(not key.endswith(f"/{n}") for _, key in rows):
            raise ApiError(
                409,
                "IDEMPOTENCY_KEY_REUSED",
                "this Idempotency-Key was used with a different batch",
                {"ids": sorted(r[0] for r in rows)[:20]},
            )
    out, replayed = [], True
    for i, request in enumerate(requests):
        key = f"{idempotency_key}#{i}/{n}" if idempotency_key else None
        story, fresh = create(catalog, dagster, storage, request, idempotency_key=key)
        out.append(story)
        replayed = replayed and not fresh
    return out, replayed and bool(idempotency_key)


def ensure_launched(
    catalog: Catalog, dagster: DagsterClient, storage: Storage, story_id: str
) -> str | None:
    """Give a queued story its partition and book run, exactly once. Keyed by the story id: a
    run already tagged with the partition (launched before a crash lost its id) is adopted.
    Returns the run id, or None when the story needs no run (gone, deleted, canceled)."""
    with story_lock(story_id):
        row = story_repo.get(catalog, story_id, deleted=True)
        if row is None or row.deleted_at is not None or row.status != "queued":
            return None
        if row.run_id:
            return str(row.run_id)
        runs = dagster.runs_for_partition(story_id)  # newest first
        if runs:
            run_id, kind = runs[0]["runId"], "adopted"
        else:
            book = Book(storage, story_id)
            if not book.exists(layout.REQUEST):  # the crash came before the files
                book.put_model(layout.REQUEST, StoryRequest.model_validate_json(row.request))
            dagster.add_partition(story_id)
            tags = {contract.TAG_KIND: "book"}
            if row.set_name:
                tags[contract.TAG_SET] = row.set_name
            run_id, kind = dagster.launch(story_id, tags=tags), "launched"
        story_repo.set_book_run(catalog, story_id, run_id)
        if kind == "adopted":
            log.warning("story.run_adopted", extra={"story": story_id, "run_id": run_id})
        return run_id


def reconcile(
    catalog: Catalog, dagster: DagsterClient, storage: Storage, *, min_age_s: float
) -> list[str]:
    """Stories queued without a run for `min_age_s` (a crash between the outbox and the
    launch): launch or adopt their run, and log each one fixed."""
    fixed = []
    for story_id in story_repo.queued_without_run(catalog, time.time() - min_age_s):
        try:
            run_id = ensure_launched(catalog, dagster, storage, story_id)
        except DagsterUnavailable as exc:
            log.warning("reconcile: dagster unavailable", extra={"error": str(exc)[:300]})
            break
        if run_id:
            fixed.append(story_id)
            log.warning(
                "reconcile.launched: story was queued without a run",
                extra={"story": story_id, "run_id": run_id},
            )
    return fixed


def get_row(catalog: Catalog, story_id: str) -> StoryRecord:
    """The visible story, or a 404."""
    row = story_repo.get(catalog, story_id)
    if row is None:
        raise ApiError(404, "STORY_NOT_FOUND", "story not found", {"id": story_id})
    return row


def _worker_alive(tags: dict[str, str]) -> bool:
    """Whether the run's worker process (warm launcher tags) still runs on this host. A zombie
    (exited, not yet reaped by the daemon) counts as gone."""
    pid, host = tags.get(contract.TAG_WORKER_PID), tags.get(contract.TAG_WORKER_HOST)
    if not pid or host != socket.gethostname():
        return False
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except (OSError, ValueError):
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def stop_runs(
    dagster: DagsterClient,
    story_id: str,
    known: Sequence[str] = (),
    wait_s: float = STOP_WAIT_S,
    *,
    wait_workers: bool = False,
) -> dict[str, str]:
    """Stop every active run of the story's partition (and the `known` run ids) and wait for
    each to reach a final status. Returns {run_id: status}; a status not in FINAL_STATUSES
    means Dagster did not stop it within `wait_s`.

    Two Dagster races are handled here. A run in STARTING cannot be terminated (Dagster
    refuses): it is asked again until it has started. A run canceled from the queue while the
    daemon dequeues it is marked CANCELED and then launched anyway (the worker's RUN_START
    overwrites the status and the book completes): such a CANCELED is trusted only once it has
    held for SETTLE_S with no live worker, otherwise the run is stopped again. With
    `wait_workers` (purge) every run's worker must also have exited."""
    runs = {r["runId"]: r["status"] for r in dagster.active_runs_for_partition(story_id)}
    for run_id in known:
        if run_id and run_id not in runs:
            runs[run_id] = dagster.run_status(run_id).value
    pending = {r for r, st in runs.items() if st not in FINAL_STATUSES}
    suspect = {r for r in pending if runs[r] != "STARTED"} | (
        set(pending) if wait_workers else set()
    )
    asked: set[str] = set()
    deadline = time.monotonic() + wait_s
    settled_since: float | None = None
    while time.monotonic() <= deadline:
        for run_id in sorted(pending - asked):
            answer = dagster.terminate(run_id)
            if answer in ("terminating", "CANCELING"):
                asked.add(run_id)
            elif answer == "NOT_FOUND":
                runs[run_id] = "CANCELED"  # deleted (a purge of the partition)
                pending.discard(run_id)
        for run_id in list(pending):
            status = dagster.run_status(run_id).value
            runs[run_id] = status
            if status in FINAL_STATUSES:
                pending.discard(run_id)
        if not pending:
            # Final everywhere; make sure nothing of a suspect run still runs.
            live = False
            for run_id in suspect:
                info = dagster.run_info(run_id)
                if info is None:
                    continue
                runs[run_id] = info["status"]
                tags = {t["key"]: t["value"] for t in info["tags"]}
                if info["status"] not in FINAL_STATUSES:
                    pending.add(run_id)  # launched after all: stop it again
                    asked.discard(run_id)
                    live = True
                elif _worker_alive(tags):
                    live = True
            if not live:
                settled_since = settled_since or time.monotonic()
                if not suspect or time.monotonic() - settled_since >= SETTLE_S:
                    return runs
            else:
                settled_since = None
        time.sleep(0.2)
    return runs


def cancel(catalog: Catalog, dagster: DagsterClient, story_id: str) -> str:
    """Stop the story's runs; "canceled" only once Dagster reports every one CANCELED. A run
    that finished first makes this a 409 naming what it finished as."""
    with story_lock(story_id):
        row = get_row(catalog, story_id)
        if row.status not in ACTIVE:
            raise ApiError(
                409,
                "STORY_CANCEL_NOT_ALLOWED",
                f"story is {row.status}; only queued or running stories can be canceled",
                {"id": story_id, "status": row.status},
            )
        try:
            runs = stop_runs(dagster, story_id, [row.run_id] if row.run_id else [])
        except DagsterUnavailable as exc:
            raise unavailable("cancel", exc) from exc
        unfinished = {r: st for r, st in runs.items() if st not in FINAL_STATUSES}
        if unfinished:
            log.warning("story.cancel: still stopping", extra={"story": story_id})
            raise ApiError(
                503,
                "DAGSTER_UNAVAILABLE",
                "the run is still stopping; ask again",
                {"id": story_id, "runs": unfinished},
            )
        latest = row.run_id if row.run_id in runs else next(iter(runs), None)
        if latest and runs[latest] != "CANCELED":
            # It finished before the stop reached it: say what it is, never "canceled".
            raise ApiError(
                409,
                "STORY_CANCEL_NOT_ALLOWED",
                f"the run finished ({runs[latest]}) before it could be canceled",
                {"id": story_id, "run_status": runs[latest]},
            )
        now = time.time()
        story_repo.mark_canceled(catalog, story_id, runs, now)
    log.info("story.canceled", extra={"story": story_id, "runs": json.dumps(sorted(runs))})
    return "canceled"


def delete(
    catalog: Catalog, dagster: DagsterClient, storage: Storage, story_id: str, *, purge: bool
) -> None:
    """Soft delete (hidden, files kept); with `purge`, the runs are stopped and waited for,
    then the partition, the files and the catalog rows go, in that order."""
    with story_lock(story_id):
        row = get_row(catalog, story_id)
        known = [row.run_id] if row.run_id else []
        if purge:
            _purge(catalog, dagster, storage, story_id, known)
            return
        if row.status in ACTIVE:
            try:
                stop_runs(dagster, story_id, known, wait_s=5.0)
            except DagsterUnavailable:
                log.warning("story.delete: could not stop run", extra={"run": row.run_id})
        now = time.time()
        meta = read_meta(storage, story_id)
        if meta is not None:
            write_meta(storage, story_id, meta.model_copy(update={"deleted_at": now}))
        story_repo.soft_delete(catalog, story_id, now)
    log.info("story.deleted", extra={"story": story_id})


def _purge(
    catalog: Catalog, dagster: DagsterClient, storage: Storage, story_id: str, known: list[str]
) -> None:
    try:
        runs = stop_runs(dagster, story_id, known, wait_workers=True)
        unfinished = {r: st for r, st in runs.items() if st not in FINAL_STATUSES}
        if unfinished:
            # Deleting under a live worker is how a purged folder came back (4 WAVs, no request).
            raise ApiError(
                409,
                "STORY_BUSY",
                "the story's run is still stopping; nothing was deleted, try again",
                {"id": story_id, "runs": unfinished},
            )
        # The partition first: from now on no run of this story can start.
        dagster.delete_partition(story_id)
        # A run launched in between (the UI) was refused its partition; stop it if it slipped in.
        late = stop_runs(dagster, story_id)
    except DagsterUnavailable as exc:
        raise unavailable("purge", exc) from exc
    removed = storage.delete_prefix(story_id)
    story_repo.purge(catalog, story_id)
    log.info(
        "story.purged",
        extra={"story": story_id, "objects": removed, "runs": json.dumps(sorted({**runs, **late}))},
    )


def regenerate(
    catalog: Catalog,
    dagster: DagsterClient,
    story_id: str,
    kind: str,
    pages: list[int] | None,
    force: bool,
) -> tuple[str, list[str]]:
    # Check and launch under the story's lock: of two concurrent calls exactly one launches,
    # the other finds the story queued (409 STORY_BUSY).
    with story_lock(story_id):
        return _regenerate(catalog, dagster, story_id, kind, pages, force)


def _regenerate(
    catalog: Catalog,
    dagster: DagsterClient,
    story_id: str,
    kind: str,
    pages: list[int] | None,
    force: bool,
) -> tuple[str, list[str]]:
    row = get_row(catalog, story_id)
    if not row.has_story:
        raise ApiError(
            409,
            "STORY_NOT_READY",
            "the story text does not exist yet",
            {"id": story_id, "status": row.status},
        )
    _refuse_unless_idle(row, pages or [])
    gen = StoryRequest.model_validate_json(row.request).generation
    selection = contract.PageSelection(pages=sorted(set(pages or [])), force=force)
    configs: dict[str, BaseModel]
    if kind == "tts":
        if not gen.enable_tts:
            raise ApiError(409, "TTS_DISABLED", "this story was created with enable_tts=false")
        configs = {contract.PAGE_AUDIO: selection}
    else:
        if not gen.enable_illustration:
            raise ApiError(
                409,
                "ILLUSTRATION_DISABLED",
                "this story was created with enable_illustration=false",
            )
        configs = {contract.PAGE_ILLUSTRATIONS: selection}
        if not pages and gen.enable_cover:
            # The cover runs first (the book job's order); it takes only `force`.
            configs = {contract.COVER_ILLUSTRATION: contract.ForceOnly(force=force), **configs}
    run_id, assets = _launch(catalog, dagster, story_id, configs, kind)
    log.info(
        "story.regenerate",
        extra={"story": story_id, "run_id": run_id, "kind": kind, "pages": json.dumps(pages)},
    )
    return run_id, assets


def _refuse_unless_idle(row: StoryRecord, pages: list[int]) -> None:
    """409 while the catalog knows of a run for the story; 422 for pages it does not have."""
    if row.status in ACTIVE:
        raise ApiError(
            409,
            "STORY_BUSY",
            f"story is {row.status}; wait for it to finish",
            {"id": row.id, "status": row.status},
        )
    bad = sorted({p for p in pages if not 1 <= p <= row.page_count})
    if bad:
        raise ApiError(
            422, "VALIDATION_ERROR", f"pages {bad} do not exist", {"page_count": row.page_count}
        )


def _launch(
    catalog: Catalog,
    dagster: DagsterClient,
    story_id: str,
    configs: dict[str, BaseModel],
    kind: str,
) -> tuple[str, list[str]]:
    """Launch the assets in `configs` (in that order) for the story and mark it queued.
    Called under the story's lock."""
    assets = list(configs)
    try:
        # A run the catalog has not seen yet (from the UI, a backfill) makes the story busy too.
        busy = dagster.active_runs_for_partition(story_id)
        if busy:
            raise ApiError(
                409,
                "STORY_BUSY",
                "story has a run in progress; wait for it to finish",
                {"id": story_id, "run_id": busy[0]["runId"], "run_status": busy[0]["status"]},
            )
        run_id = dagster.launch(
            story_id,
            run_config=contract.op_config(configs),
            assets=assets,
            tags={contract.TAG_KIND: kind},
        )
    except DagsterUnavailable as exc:
        raise unavailable("launch", exc) from exc
    story_repo.requeue(catalog, story_id, run_id, kind, time.time())
    return run_id, assets


def repair(
    catalog: Catalog, dagster: DagsterClient, story_id: str, pages: list[int]
) -> tuple[str, list[str]]:
    """One run of the whole book that completes what failed (or redoes `pages`): every asset
    skips the pages already present and valid. Returns (run id, assets)."""
    # Under the story's lock, like regenerate: of two concurrent repairs exactly one launches.
    with story_lock(story_id):
        return _repair_locked(catalog, dagster, story_id, pages)


def _repair_locked(
    catalog: Catalog, dagster: DagsterClient, story_id: str, pages: list[int]
) -> tuple[str, list[str]]:
    row = get_row(catalog, story_id)
    _refuse_unless_idle(row, pages)
    gen = StoryRequest.model_validate_json(row.request).generation
    # The whole book in its job's order; every asset skips what is present and valid.
    selection = contract.PageSelection(pages=pages, force=bool(pages))
    configs: dict[str, BaseModel] = {contract.STORY: contract.ForceOnly(force=False)}
    if gen.enable_illustration and gen.enable_cover:
        configs[contract.COVER_ILLUSTRATION] = contract.ForceOnly(force=False)
    if gen.enable_tts:
        configs[contract.PAGE_AUDIO] = selection
    if gen.enable_illustration:
        configs[contract.PAGE_ILLUSTRATIONS] = selection
    return _launch(catalog, dagster, story_id, configs, "repair")

"""What the story routes do, kept apart from HTTP details: create, launch, cancel, regenerate."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from pydantic import BaseModel

from api.catalog.db import Catalog
from api.catalog.ingest import insert_story, request_hash, write_meta
from api.dagster_client import DagsterClient, DagsterUnavailable
from api.errors import ApiError
from api.models import StoryCreated, StoryMeta
from moretale_assets.lib import book as layout
from moretale_assets.lib import contract
from moretale_assets.lib.book import Book
from moretale_assets.lib.providers import registry
from moretale_assets.lib.providers.base import UnsupportedRequest
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.story_ids import new_story_id

log = logging.getLogger("moretale.api")
ACTIVE = ("queued", "running")
_create_lock = threading.Lock()  # idempotency check + insert must not interleave


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
    with _create_lock:
        if idempotency_key:
            row = (
                catalog.cursor()
                .execute(
                    "SELECT id, request_hash, status FROM stories WHERE idempotency_key = ?",
                    [idempotency_key],
                )
                .fetchone()
            )
            if row:
                if row[1] != digest:
                    raise ApiError(
                        409,
                        "IDEMPOTENCY_KEY_REUSED",
                        "this Idempotency-Key was used with a different request body",
                        {"id": row[0]},
                    )
                return StoryCreated(id=row[0], status=row[2], **links(row[0])), False
        story_id = new_story_id(request.child_name, request.theme)
        meta = StoryMeta(
            created_at=time.time(),
            request_hash=digest,
            idempotency_key=idempotency_key,
            set_name=set_name,
            callback_url=callback_url,
        )
        book = Book(storage, story_id)
        book.put_model(layout.REQUEST, request)
        write_meta(storage, story_id, meta)
        with catalog.write(touches=[story_id]) as w:
            insert_story(w, story_id, request, meta)
    try:
        dagster.add_partition(story_id)
        tags = {contract.TAG_KIND: "book"} | ({contract.TAG_SET: set_name} if set_name else {})
        run_id = dagster.launch(story_id, tags=tags)
    except DagsterUnavailable as exc:
        # Leave nothing behind: the request never became a story.
        with catalog.write(touches=[story_id]) as w:
            w.execute("DELETE FROM stories WHERE id = ?", [story_id])
        storage.delete_prefix(story_id)
        raise unavailable("launch", exc) from exc
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET run_id = ?, run_kind = 'book' WHERE id = ?", [run_id, story_id]
        )
    log.info("story.queued", extra={"story": story_id, "run_id": run_id})
    return StoryCreated(id=story_id, status="queued", **links(story_id)), True


def get_row(catalog: Catalog, story_id: str) -> dict[str, Any]:
    cur = catalog.cursor()
    cur.execute("SELECT * FROM stories WHERE id = ? AND deleted_at IS NULL", [story_id])
    row = cur.fetchone()
    if row is None:
        raise ApiError(404, "STORY_NOT_FOUND", "story not found", {"id": story_id})
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def cancel(catalog: Catalog, dagster: DagsterClient, story_id: str) -> str:
    row = get_row(catalog, story_id)
    if row["status"] not in ACTIVE:
        raise ApiError(
            409,
            "STORY_CANCEL_NOT_ALLOWED",
            f"story is {row['status']}; only queued or running stories can be canceled",
            {"id": story_id, "status": row["status"]},
        )
    if row["run_id"]:
        try:
            dagster.terminate(row["run_id"])
        except DagsterUnavailable as exc:
            raise unavailable("cancel", exc) from exc
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET status = 'canceled', updated_at = ? WHERE id = ?",
            [time.time(), story_id],
        )
    log.info("story.canceled", extra={"story": story_id})
    return "canceled"


def delete(
    catalog: Catalog, dagster: DagsterClient, storage: Storage, story_id: str, *, purge: bool
) -> None:
    """Soft delete (hidden, files kept); with `purge`, files, catalog rows and partition go."""
    row = get_row(catalog, story_id)
    if row["status"] in ACTIVE and row["run_id"]:
        try:
            dagster.terminate(row["run_id"])
        except DagsterUnavailable:
            log.warning("story.delete: could not terminate run", extra={"run": row["run_id"]})
    if purge:
        removed = storage.delete_prefix(story_id)
        try:
            dagster.delete_partition(story_id)
        except DagsterUnavailable as exc:
            log.warning("story.purge: partition kept", extra={"error": str(exc)[:300]})
        with catalog.write(touches=[story_id]) as w:
            for table, col in (
                ("asset_events", "story_id"),
                ("runs", "story_id"),
                ("pages", "story_id"),
                ("stories", "id"),
            ):
                w.execute(f"DELETE FROM {table} WHERE {col} = ?", [story_id])
        log.info("story.purged", extra={"story": story_id, "objects": removed})
        return
    now = time.time()
    meta = Book(storage, story_id).get_model_or_none("meta.json", StoryMeta)
    if meta is not None:
        write_meta(storage, story_id, meta.model_copy(update={"deleted_at": now}))
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET deleted_at = ?, updated_at = ? WHERE id = ?", [now, now, story_id]
        )
    log.info("story.deleted", extra={"story": story_id})


def regenerate(
    catalog: Catalog,
    dagster: DagsterClient,
    story_id: str,
    kind: str,
    pages: list[int] | None,
    force: bool,
) -> tuple[str, list[str]]:
    row = get_row(catalog, story_id)
    if not row["has_story"]:
        raise ApiError(
            409,
            "STORY_NOT_READY",
            "the story text does not exist yet",
            {"id": story_id, "status": row["status"]},
        )
    if row["status"] in ACTIVE:
        raise ApiError(
            409,
            "STORY_BUSY",
            f"story is {row['status']}; wait for it to finish",
            {"id": story_id, "status": row["status"]},
        )
    request = StoryRequest.model_validate_json(row["request"])
    bad = sorted({p for p in pages or [] if not 1 <= p <= row["page_count"]})
    if bad:
        raise ApiError(
            422, "VALIDATION_ERROR", f"pages {bad} do not exist", {"page_count": row["page_count"]}
        )
    gen = request.generation
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
    assets = list(configs)
    try:
        run_id = dagster.launch(
            story_id,
            run_config=contract.op_config(configs),
            assets=assets,
            tags={contract.TAG_KIND: kind},
        )
    except DagsterUnavailable as exc:
        raise unavailable("launch", exc) from exc
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET status = 'queued', run_id = ?, run_kind = ?, progress = NULL,"
            " updated_at = ? WHERE id = ?",
            [run_id, kind, time.time(), story_id],
        )
    log.info(
        "story.regenerate",
        extra={"story": story_id, "run_id": run_id, "kind": kind, "pages": json.dumps(pages)},
    )
    return run_id, assets

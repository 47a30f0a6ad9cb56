"""The `stories` rows (and, for a cancel or a purge, the rows hanging off a story)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from api.catalog.db import Catalog
from api.models import StorySummary
from moretale_assets.lib.schemas import StoryMeta, StoryRequest


@dataclass(frozen=True, slots=True)
class StoryState:
    """The columns the ingest derives from Dagster and storage (`projection.py`); every other
    column is the API's own. JSON columns as the JSON text the catalog keeps."""

    status: str
    run_id: str | None
    run_kind: str | None
    run_status: str | None
    title_primary: str | None
    title_secondary: str | None
    has_story: bool
    has_partial_failures: bool
    progress: str | None
    error: str | None
    result: str | None
    cover_url: str | None


@dataclass(frozen=True, slots=True)
class StoryRecord(StoryState):
    """Every column of a story (the derived state first, as `fields()` orders them)."""

    id: str
    created_at: float
    updated_at: float
    request: str
    child_name: str
    child_name_lower: str
    primary_lang: str
    secondary_lang: str
    page_count: int
    idempotency_key: str | None
    request_hash: str
    deleted_at: float | None
    set_name: str | None
    callback_url: str | None


_RECORD = ", ".join(f.name for f in fields(StoryRecord))
_STATE = [f.name for f in fields(StoryState)]


@dataclass(frozen=True, slots=True)
class KeyedStory:
    """A story found by its Idempotency-Key."""

    id: str
    idempotency_key: str
    request_hash: str
    status: str


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A page of the story list; `after` is the (created_at, id) of the previous page's last."""

    limit: int
    after: tuple[float, str] | None = None
    set_name: str | None = None
    status: str | None = None
    created_from: float | None = None
    created_to: float | None = None
    child_name: str | None = None
    primary_lang: str | None = None
    secondary_lang: str | None = None

    def key(self) -> str:
        """Equal for equal queries: the read cache's key for the page."""
        return json.dumps(astuple(self))


@dataclass(frozen=True, slots=True)
class ListPage:
    items: list[StorySummary]
    next_after: tuple[float, str] | None


@dataclass(frozen=True, slots=True)
class RefreshInputs:
    """What the ingest's projection needs of the story row."""

    request: str
    run_id: str | None
    run_kind: str | None
    progress: str | None
    updated_at: float  # the row's version: the projection is written only over this one


@dataclass(frozen=True, slots=True)
class Projected(StoryState):
    """What the ingest's projection writes back: the story's state and its pages."""

    updated_at: float
    pages: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class CallbackStory:
    """A final story with a callback: what its webhook says."""

    id: str
    status: str
    run_id: str | None
    has_partial_failures: bool
    set_name: str | None
    callback_url: str
    result: str | None
    error: str | None


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


# --- reads -------------------------------------------------------------------------------------
def get(catalog: Catalog, story_id: str, *, deleted: bool = False) -> StoryRecord | None:
    """The story, or None if unknown or (unless `deleted`) soft-deleted."""
    hidden = "" if deleted else " AND deleted_at IS NULL"
    row = (
        catalog.cursor()
        .execute(f"SELECT {_RECORD} FROM stories WHERE id = ?{hidden}", [story_id])
        .fetchone()
    )
    return StoryRecord(*row) if row else None


def exists(catalog: Catalog, story_id: str) -> bool:
    """Whether the catalog has the story at all (deleted ones included)."""
    cur = catalog.cursor()
    return cur.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone() is not None


def visible(catalog: Catalog, story_id: str) -> bool:
    """Known and not soft-deleted."""
    row = (
        catalog.cursor()
        .execute("SELECT 1 FROM stories WHERE id = ? AND deleted_at IS NULL", [story_id])
        .fetchone()
    )
    return row is not None


def status_and_result(catalog: Catalog, story_id: str) -> tuple[str, str | None] | None:
    """(status, result JSON text) of a visible story, or None."""
    row = (
        catalog.cursor()
        .execute(
            "SELECT status, result FROM stories WHERE id = ? AND deleted_at IS NULL", [story_id]
        )
        .fetchone()
    )
    return (row[0], row[1]) if row else None


def by_idempotency_key(catalog: Catalog, key: str) -> KeyedStory | None:
    row = (
        catalog.cursor()
        .execute(
            "SELECT id, idempotency_key, request_hash, status FROM stories"
            " WHERE idempotency_key = ?",
            [key],
        )
        .fetchone()
    )
    return KeyedStory(*row) if row else None


def by_idempotency_prefix(catalog: Catalog, prefix: str) -> list[tuple[str, str]]:
    """(id, idempotency key) of every story whose key starts with `prefix`."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, idempotency_key FROM stories WHERE starts_with(idempotency_key, ?)",
            [prefix],
        )
        .fetchall()
    )
    return [(r[0], r[1]) for r in rows]


def queued_without_run(catalog: Catalog, created_before: float) -> list[str]:
    """Visible stories queued with no run since before `created_before`, oldest first."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id FROM stories WHERE status = 'queued' AND run_id IS NULL"
            " AND deleted_at IS NULL AND created_at <= ? ORDER BY created_at",
            [created_before],
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def refresh_inputs(catalog: Catalog, story_id: str) -> RefreshInputs | None:
    row = (
        catalog.cursor()
        .execute(
            "SELECT request, run_id, run_kind, progress, updated_at FROM stories WHERE id = ?",
            [story_id],
        )
        .fetchone()
    )
    return RefreshInputs(*row) if row else None


def list_page(catalog: Catalog, q: ListQuery) -> ListPage:
    """Visible stories matching `q`, newest first (created_at, then id)."""
    where, args = ["deleted_at IS NULL"], []
    if q.set_name:
        where.append("set_name = ?")
        args.append(q.set_name)
    if q.after:
        where.append("(created_at < ? OR (created_at = ? AND id < ?))")
        args += [q.after[0], q.after[0], q.after[1]]
    if q.status:
        where.append("status = ?")
        args.append(q.status)
    if q.created_from is not None:
        where.append("created_at >= ?")
        args.append(q.created_from)
    if q.created_to is not None:
        where.append("created_at < ?")
        args.append(q.created_to)
    if q.child_name:
        where.append("contains(child_name_lower, ?)")
        args.append(q.child_name.lower())
    for col, value in (("primary_lang", q.primary_lang), ("secondary_lang", q.secondary_lang)):
        if value:
            where.append(f"{col} = ?")
            args.append(value)
    sql = (
        "SELECT id, status, created_at, updated_at, child_name, primary_lang, secondary_lang,"
        " page_count, title_primary, title_secondary, has_partial_failures, cover_url"
        f" FROM stories WHERE {' AND '.join(where)}"
        " ORDER BY created_at DESC, id DESC LIMIT ?"
    )
    rows = catalog.cursor().execute(sql, [*args, q.limit + 1]).fetchall()
    items = [
        StorySummary(
            id=r[0],
            status=r[1],
            created_at=_ts(r[2]),
            updated_at=_ts(r[3]),
            child_name=r[4],
            primary_lang=r[5],
            secondary_lang=r[6],
            page_count=r[7],
            title_primary=r[8],
            title_secondary=r[9],
            has_partial_failures=r[10],
            cover_url=r[11],
        )
        for r in rows[: q.limit]
    ]
    last = rows[q.limit - 1] if len(rows) > q.limit else None
    return ListPage(items=items, next_after=(last[2], last[0]) if last else None)


def final_with_callback(
    catalog: Catalog, story_ids: Sequence[str] | None, final: Sequence[str]
) -> list[CallbackStory]:
    """Visible stories with a callback whose status is in `final` (None: all of them)."""
    where = "callback_url IS NOT NULL AND deleted_at IS NULL"
    where += f" AND status IN ({','.join('?' * len(final))})"
    args: list[Any] = list(final)
    if story_ids is not None:
        where += f" AND id IN ({','.join('?' * len(story_ids))})"
        args += list(story_ids)
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, status, run_id, has_partial_failures, set_name, callback_url, result,"
            f" error FROM stories WHERE {where}",
            args,
        )
        .fetchall()
    )
    return [CallbackStory(*r) for r in rows]


# --- writes ------------------------------------------------------------------------------------
def insert(catalog: Catalog, story_id: str, request: StoryRequest, meta: StoryMeta) -> None:
    """A new story, queued (the outbox row a launch or the reconciler picks up)."""
    with catalog.write(touches=[story_id]) as w:
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


def delete_unlaunched(catalog: Catalog, story_id: str) -> None:
    """Remove a story that never got a run (its launch failed)."""
    with catalog.write(touches=[story_id]) as w:
        w.execute("DELETE FROM stories WHERE id = ? AND run_id IS NULL", [story_id])


def set_book_run(catalog: Catalog, story_id: str, run_id: str) -> None:
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET run_id = ?, run_kind = 'book' WHERE id = ?", [run_id, story_id]
        )


def requeue(catalog: Catalog, story_id: str, run_id: str, kind: str, now: float) -> None:
    """The story waits on a new run of `kind` (a regenerate or a repair); old progress goes."""
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET status = 'queued', run_id = ?, run_kind = ?, progress = NULL,"
            " updated_at = ? WHERE id = ?",
            [run_id, kind, now, story_id],
        )


def mark_canceled(catalog: Catalog, story_id: str, runs: dict[str, str], now: float) -> None:
    """The story canceled and its runs at the statuses Dagster reported, in one transaction."""
    with catalog.write(touches=[story_id]) as w:
        # The runs rows too: the ingest derives the story from them and a run's status
        # never moves back from a final one, so a late poll cannot undo the cancel.
        for run_id, status in runs.items():
            w.execute(
                "UPDATE runs SET status = ?, updated_at = ? WHERE run_id = ?",
                [status, now, run_id],
            )
        w.execute(
            "UPDATE stories SET status = 'canceled', run_status = 'CANCELED',"
            " updated_at = ? WHERE id = ?",
            [now, story_id],
        )


def soft_delete(catalog: Catalog, story_id: str, now: float) -> None:
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET deleted_at = ?, updated_at = ? WHERE id = ?",
            [now, now, story_id],
        )


def purge(catalog: Catalog, story_id: str) -> None:
    """Every row of the story: its events, runs, pages and the story itself."""
    with catalog.write(touches=[story_id]) as w:
        w.execute("DELETE FROM asset_events WHERE story_id = ?", [story_id])
        w.execute("DELETE FROM runs WHERE story_id = ?", [story_id])
        w.execute("DELETE FROM pages WHERE story_id = ?", [story_id])
        w.execute("DELETE FROM stories WHERE id = ?", [story_id])


def mark_unreadable(catalog: Catalog, story_id: str, error: dict[str, Any], now: float) -> None:
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET error = ?, updated_at = ? WHERE id = ?",
            [json.dumps(error), now, story_id],
        )


def mark_imported(catalog: Catalog, story_id: str) -> list[int]:
    """An imported book reads as finished, flagged if pages failed; returns the failed pages."""
    with catalog.write(touches=[story_id]) as w:
        row = w.execute("SELECT result FROM stories WHERE id = ?", [story_id]).fetchone()
        failed = (json.loads(row[0]) or {}).get("failed_pages", []) if row and row[0] else []
        w.execute(
            "UPDATE stories SET status = 'completed', run_kind = 'import', progress = NULL,"
            " has_partial_failures = ? WHERE id = ?",
            [bool(failed), story_id],
        )
    return list(failed)


def write_projection(catalog: Catalog, story_id: str, p: Projected, read_at: float) -> bool:
    """The ingest's view of the story and its pages, replacing the previous one, if the row
    is still the version `read_at` it was derived from. False (nothing written) when a request
    changed the row meanwhile: a cancel or a relaunch between the ingest's read and its write
    must not be overwritten by a view from before it."""
    with catalog.write(touches=[story_id]) as w:
        now = w.execute("SELECT updated_at FROM stories WHERE id = ?", [story_id]).fetchone()
        if now is None or now[0] != read_at:
            return False
        w.execute(
            f"UPDATE stories SET {', '.join(f'{c} = ?' for c in _STATE)}, updated_at = ? "
            "WHERE id = ?",
            [*(getattr(p, c) for c in _STATE), p.updated_at, story_id],
        )
        w.execute("DELETE FROM pages WHERE story_id = ?", [story_id])
        if p.pages:
            w.executemany(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        story_id,
                        page["page_number"],
                        page["text_primary"],
                        page["text_secondary"],
                        page["audio_primary_status"],
                        page["audio_secondary_status"],
                        page["illustration_status"],
                    ]
                    for page in p.pages
                ],
            )
    return True

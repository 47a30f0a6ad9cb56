"""Dagster's side as the ingest keeps it: `runs`, their `asset_events`, the feed's high-water
mark (`ingest_state`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from api.catalog.db import Catalog


@dataclass(frozen=True, slots=True)
class OpenRun:
    """A run whose log the ingest has not read to its end."""

    run_id: str
    story_id: str
    status: str
    log_cursor: str | None


@dataclass(frozen=True, slots=True)
class RunSeen:
    """A run as Dagster's feed reports it."""

    run_id: str
    story_id: str
    kind: str
    status: str
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class LatestRun:
    run_id: str
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a run's log, in the catalog's terms."""

    kind: str
    asset: str | None
    data: dict[str, Any]
    ts: float = 0.0


def high_water(catalog: Catalog) -> float:
    """The newest run update time the ingest has seen (0 on a new catalog)."""
    cur = catalog.cursor()
    row = cur.execute("SELECT value FROM ingest_state WHERE name = 'runs_hw'").fetchone()
    return float(row[0]) if row else 0.0


def set_high_water(catalog: Catalog, value: float) -> None:
    # No story's rows change: nothing cached goes stale.
    with catalog.write(touches=()) as w:
        w.execute("INSERT OR REPLACE INTO ingest_state VALUES ('runs_hw', ?)", [value])


def open_runs(catalog: Catalog) -> list[OpenRun]:
    rows = (
        catalog.cursor()
        .execute("SELECT run_id, story_id, status, log_cursor FROM runs WHERE NOT closed")
        .fetchall()
    )
    return [OpenRun(*r) for r in rows]


def upsert(catalog: Catalog, run: RunSeen, final: Collection[str]) -> bool:
    """Record the run's status; False when nothing changed. A status in `final` is never
    replaced by one that is not: a poll answered before a cancel (written by the API as
    CANCELED) must not bring the run back to STARTED. A final status that Dagster itself
    replaces (a queue cancel that lost the race with the dequeue and then completed) is taken
    when it is final again."""
    # Runs and events are inputs of the projection; only the projection changes story rows.
    with catalog.write(touches=()) as w:
        old = w.execute("SELECT status FROM runs WHERE run_id = ?", [run.run_id]).fetchone()
        if old and old[0] == run.status:
            return False
        if old and old[0] in final and run.status not in final:
            return False
        if old:
            w.execute(
                "UPDATE runs SET status = ?, updated_at = ? WHERE run_id = ?",
                [run.status, run.updated_at, run.run_id],
            )
        else:
            w.execute(
                "INSERT INTO runs (run_id, story_id, kind, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [run.run_id, run.story_id, run.kind, run.status, run.created_at, run.updated_at],
            )
    return True


def append_events(
    catalog: Catalog,
    run_id: str,
    story_id: str,
    events: Sequence[Event],
    log_cursor: str | None,
    closed: bool,
) -> bool:
    """Add the next page of the run's log and move its cursor, in one transaction: each
    event's position is its key, so a replayed page inserts nothing twice. True if any
    event was added."""
    with catalog.write(touches=()) as w:
        # Counted inside the transaction: the position of each event is its seq.
        (seen,) = w.execute(
            "SELECT count(*) FROM asset_events WHERE run_id = ?", [run_id]
        ).fetchone()
        rows = [
            [run_id, seen + i, story_id, e.asset, e.kind, e.ts, json.dumps(e.data)]
            for i, e in enumerate(events)
        ]
        if rows:
            w.executemany("INSERT OR IGNORE INTO asset_events VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        w.execute(
            "UPDATE runs SET log_cursor = ?, closed = ? WHERE run_id = ?",
            [log_cursor, closed, run_id],
        )
    return bool(rows)


def latest(catalog: Catalog, story_id: str) -> LatestRun | None:
    """The story's newest run by creation time."""
    row = (
        catalog.cursor()
        .execute(
            "SELECT run_id, kind, status FROM runs WHERE story_id = ? "
            "ORDER BY created_at DESC LIMIT 1",
            [story_id],
        )
        .fetchone()
    )
    return LatestRun(*row) if row else None


def known(catalog: Catalog, run_id: str) -> bool:
    cur = catalog.cursor()
    return cur.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone() is not None


def events(catalog: Catalog, run_id: str) -> list[Event]:
    """The run's events in log order."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT event_type, asset, data FROM asset_events WHERE run_id = ? ORDER BY seq",
            [run_id],
        )
        .fetchall()
    )
    return [Event(k, a, json.loads(d) if d else {}) for k, a, d in rows]

"""The webhook outbox: `webhook_deliveries` and their `webhook_attempts`.

No story's rows change here, so no write names a story (nothing cached goes stale)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from api.catalog.db import Catalog

SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id VARCHAR PRIMARY KEY,
    story_id VARCHAR,
    set_name VARCHAR,
    event VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    payload VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at DOUBLE NOT NULL,
    window_start DOUBLE NOT NULL,
    next_attempt_at DOUBLE NOT NULL,
    delivered_at DOUBLE,
    last_status_code INTEGER,
    last_error VARCHAR
);
CREATE INDEX IF NOT EXISTS webhook_story ON webhook_deliveries (story_id);
CREATE INDEX IF NOT EXISTS webhook_set ON webhook_deliveries (set_name);
CREATE TABLE IF NOT EXISTS webhook_attempts (
    delivery_id VARCHAR NOT NULL,
    attempt INTEGER NOT NULL,
    attempted_at DOUBLE NOT NULL,
    status_code INTEGER,
    error VARCHAR,
    ms DOUBLE NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
"""


@dataclass(frozen=True, slots=True)
class NewDelivery:
    id: str
    story_id: str | None
    set_name: str | None
    event: str
    url: str
    payload: str
    created_at: float


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: str
    event: str
    story_id: str | None
    set_name: str | None
    url: str
    status: str
    attempts: int
    created_at: float
    next_attempt_at: float
    delivered_at: float | None
    last_status_code: int | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class AttemptRow:
    delivery_id: str
    attempt: int
    attempted_at: float
    status_code: int | None
    error: str | None
    ms: float


@dataclass(frozen=True, slots=True)
class Due:
    id: str
    url: str
    payload: str
    attempts: int
    window_start: float


def ensure_schema(catalog: Catalog) -> None:
    with catalog.write(touches=()) as w:
        w.execute(SCHEMA)


def enqueue(catalog: Catalog, deliveries: Sequence[NewDelivery]) -> int:
    """Queue the deliveries not queued before (by id), in one transaction; returns how many
    were new."""
    added = 0
    with catalog.write(touches=()) as w:
        for d in deliveries:
            if w.execute("SELECT 1 FROM webhook_deliveries WHERE id = ?", [d.id]).fetchone():
                continue
            w.execute(
                "INSERT INTO webhook_deliveries (id, story_id, set_name, event, url, payload,"
                " status, created_at, window_start, next_attempt_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                [
                    d.id,
                    d.story_id,
                    d.set_name,
                    d.event,
                    d.url,
                    d.payload,
                    d.created_at,
                    d.created_at,
                    d.created_at,
                ],
            )
            added += 1
    return added


def deliveries(
    catalog: Catalog, by: Literal["id", "story_id", "set_name"], value: str
) -> tuple[list[DeliveryRow], list[AttemptRow]]:
    """The deliveries whose `by` column is `value` (oldest first) and their attempts (in
    order)."""
    column = {"id": "id", "story_id": "story_id", "set_name": "set_name"}[by]
    cur = catalog.cursor()
    rows = cur.execute(
        "SELECT id, event, story_id, set_name, url, status, attempts, created_at,"
        " next_attempt_at, delivered_at, last_status_code, last_error FROM webhook_deliveries"
        f" WHERE {column} = ? ORDER BY created_at, id",
        [value],
    ).fetchall()
    if not rows:
        return [], []
    ids = [r[0] for r in rows]
    attempts = cur.execute(
        "SELECT delivery_id, attempt, attempted_at, status_code, error, ms"
        " FROM webhook_attempts"
        f" WHERE delivery_id IN ({','.join('?' * len(ids))}) ORDER BY attempt",
        ids,
    ).fetchall()
    return [DeliveryRow(*r) for r in rows], [AttemptRow(*a) for a in attempts]


def due(catalog: Catalog, now: float, limit: int = 64) -> list[Due]:
    """Pending deliveries whose next attempt is due, the longest waiting first."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, url, payload, attempts, window_start FROM webhook_deliveries"
            " WHERE status = 'pending' AND next_attempt_at <= ?"
            " ORDER BY next_attempt_at LIMIT ?",
            [now, limit],
        )
        .fetchall()
    )
    return [Due(*r) for r in rows]


def record_attempt(
    catalog: Catalog,
    attempt: AttemptRow,
    *,
    status: str,
    next_attempt_at: float,
    delivered_at: float | None,
) -> None:
    """The attempt and the delivery's new state, in one transaction."""
    with catalog.write(touches=()) as w:
        w.execute(
            "INSERT OR IGNORE INTO webhook_attempts VALUES (?, ?, ?, ?, ?, ?)",
            [
                attempt.delivery_id,
                attempt.attempt,
                attempt.attempted_at,
                attempt.status_code,
                attempt.error,
                attempt.ms,
            ],
        )
        w.execute(
            "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
            " delivered_at = ?, last_status_code = ?, last_error = ? WHERE id = ?",
            [
                status,
                attempt.attempt,
                next_attempt_at,
                delivered_at,
                attempt.status_code,
                attempt.error,
                attempt.delivery_id,
            ],
        )


def reopen(catalog: Catalog, delivery_id: str, now: float) -> bool:
    """Make the delivery pending and due now, with a new retry window; False if unknown."""
    with catalog.write(touches=()) as w:
        if not w.execute("SELECT 1 FROM webhook_deliveries WHERE id = ?", [delivery_id]).fetchone():
            return False
        w.execute(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?,"
            " window_start = ? WHERE id = ?",
            [now, now, delivery_id],
        )
    return True

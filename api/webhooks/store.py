"""Deliveries and their attempts, in the catalog (the API process is its only writer).

A delivery's id is derived from what happened (story, run, event, target), so noticing the
same transition twice — a replayed ingest tick, a restart — inserts nothing new: receivers
see one id per event and target however often it is sent (at least once)."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

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

DeliveryStatus = Literal["pending", "delivered", "failed"]


class Attempt(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    ms: float


class Delivery(BaseModel):
    id: str
    event: str
    story_id: str | None
    set_name: str | None
    url: str
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    history: list[Attempt]


class DeliveryList(BaseModel):
    items: list[Delivery]


def ensure_schema(catalog: Catalog) -> None:
    with catalog.write(touches=()) as w:
        w.execute(SCHEMA)


def delivery_id(key: str, url: str) -> str:
    return "msg_" + hashlib.sha256(f"{key}\n{url}".encode()).hexdigest()[:32]


def enqueue(
    w: Any,
    *,
    key: str,
    event: str,
    url: str,
    data: dict[str, Any],
    story_id: str | None,
    set_name: str | None,
) -> bool:
    """Inside a catalog write; True if this (event, target) is new."""
    msg_id = delivery_id(key, url)
    if w.execute("SELECT 1 FROM webhook_deliveries WHERE id = ?", [msg_id]).fetchone():
        return False
    now = time.time()
    payload = {
        "type": event,
        "timestamp": datetime.fromtimestamp(now).astimezone().isoformat(),
        "data": data,
    }
    w.execute(
        "INSERT INTO webhook_deliveries (id, story_id, set_name, event, url, payload, status,"
        " created_at, window_start, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
        [msg_id, story_id, set_name, event, url, json.dumps(payload), now, now, now],
    )
    return True


def _ts(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value).astimezone() if value else None


def list_deliveries(catalog: Catalog, where: str, args: list[Any]) -> DeliveryList:
    cur = catalog.cursor()
    rows = cur.execute(
        "SELECT id, event, story_id, set_name, url, status, attempts, created_at,"
        " next_attempt_at, delivered_at, last_status_code, last_error FROM webhook_deliveries"
        f" WHERE {where} ORDER BY created_at, id",
        args,
    ).fetchall()
    attempts: dict[str, list[Attempt]] = {}
    if rows:
        ids = [r[0] for r in rows]
        for d, n, at, code, error, ms in cur.execute(
            "SELECT delivery_id, attempt, attempted_at, status_code, error, ms"
            " FROM webhook_attempts"
            f" WHERE delivery_id IN ({','.join('?' * len(ids))}) ORDER BY attempt",
            ids,
        ).fetchall():
            attempts.setdefault(d, []).append(
                Attempt(attempt=n, at=_ts(at), status_code=code, error=error, ms=ms)
            )
    return DeliveryList(
        items=[
            Delivery(
                id=r[0],
                event=r[1],
                story_id=r[2],
                set_name=r[3],
                url=r[4],
                status=r[5],
                attempts=r[6],
                created_at=_ts(r[7]),
                next_attempt_at=_ts(r[8]) if r[5] == "pending" else None,
                delivered_at=_ts(r[9]),
                last_status_code=r[10],
                last_error=r[11],
                history=attempts.get(r[0], []),
            )
            for r in rows
        ]
    )

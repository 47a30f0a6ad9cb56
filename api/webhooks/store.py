"""Deliveries and their attempts as the API shows them; the rows are in the catalog
(api/catalog/repository/webhooks.py; the API process is its only writer).

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
from api.catalog.repository import webhooks as repo

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
    repo.ensure_schema(catalog)


def delivery_id(key: str, url: str) -> str:
    return "msg_" + hashlib.sha256(f"{key}\n{url}".encode()).hexdigest()[:32]


def new_delivery(
    *,
    key: str,
    event: str,
    url: str,
    data: dict[str, Any],
    story_id: str | None,
    set_name: str | None,
) -> repo.NewDelivery:
    """The delivery of this (event, target); its id is the same however often it is made."""
    now = time.time()
    payload = {
        "type": event,
        "timestamp": datetime.fromtimestamp(now).astimezone().isoformat(),
        "data": data,
    }
    return repo.NewDelivery(
        id=delivery_id(key, url),
        story_id=story_id,
        set_name=set_name,
        event=event,
        url=url,
        payload=json.dumps(payload),
        created_at=now,
    )


def enqueue(catalog: Catalog, **what: Any) -> bool:
    """Queue one delivery (see `new_delivery`); True if this (event, target) is new."""
    return repo.enqueue(catalog, [new_delivery(**what)]) == 1


def _ts(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value).astimezone() if value else None


def list_deliveries(
    catalog: Catalog, by: Literal["id", "story_id", "set_name"], value: str
) -> DeliveryList:
    rows, attempts = repo.deliveries(catalog, by, value)
    history: dict[str, list[Attempt]] = {}
    for a in attempts:
        history.setdefault(a.delivery_id, []).append(
            Attempt(
                attempt=a.attempt,
                at=_ts(a.attempted_at),
                status_code=a.status_code,
                error=a.error,
                ms=a.ms,
            )
        )
    return DeliveryList(
        items=[
            Delivery(
                id=r.id,
                event=r.event,
                story_id=r.story_id,
                set_name=r.set_name,
                url=r.url,
                status=r.status,
                attempts=r.attempts,
                created_at=_ts(r.created_at),
                next_attempt_at=_ts(r.next_attempt_at) if r.status == "pending" else None,
                delivered_at=_ts(r.delivered_at),
                last_status_code=r.last_status_code,
                last_error=r.last_error,
                history=history.get(r.id, []),
            )
            for r in rows
        ]
    )

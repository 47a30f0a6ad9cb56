"""Which webhooks a catalog change calls for: a story that reached a final state on its current
run, and a set whose every book is final. Called by the ingest after each refresh."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from api import sets
from api.catalog.db import Catalog
from api.errors import ApiError
from api.service import links
from api.webhooks import store

log = logging.getLogger("moretale.api.webhooks")
FINAL = ("completed", "failed", "canceled")


def story_event(status: str, partial: bool) -> str:
    if status == "completed":
        return "story.partial" if partial else "story.completed"
    return "story.failed"  # failed, or canceled (the payload says which)


def notify(catalog: Catalog, story_ids: Iterable[str] | None) -> int:
    """Enqueue the deliveries these stories' current states call for (None: every story with a
    callback, as at start-up, so a transition seen just before a crash is not lost). Returns
    how many new deliveries were queued."""
    ids = sorted(set(story_ids)) if story_ids is not None else None
    if ids == []:
        return 0
    where = "callback_url IS NOT NULL AND deleted_at IS NULL AND status IN (?, ?, ?)"
    args: list[Any] = list(FINAL)
    if ids is not None:
        where += f" AND id IN ({','.join('?' * len(ids))})"
        args += ids
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, status, run_id, has_partial_failures, set_name, callback_url, result,"
            f" error FROM stories WHERE {where}",
            args,
        )
        .fetchall()
    )
    if not rows:
        return 0
    queued = 0
    set_names = {r[4] for r in rows if r[4]}
    with catalog.write(touches=()) as w:
        for sid, status, run_id, partial, set_name, url, result, error in rows:
            event = story_event(status, bool(partial))
            failed = (json.loads(result) or {}).get("failed_pages", []) if result else []
            data = {
                "id": sid,
                "status": status,
                "has_partial_failures": bool(partial),
                "failed_pages": failed,
                "set": set_name,
                "run_id": run_id,
                "error": json.loads(error) if error else None,
                **links(sid),
            }
            key = f"{sid}:{run_id}:{event}"
            queued += store.enqueue(
                w, key=key, event=event, url=url, data=data, story_id=sid, set_name=set_name
            )
    for name in sorted(set_names):
        queued += _set_event(catalog, name)
    return queued


def _set_event(catalog: Catalog, name: str) -> int:
    try:
        summary = sets.summary(catalog, name)
    except ApiError:  # every book of the set was deleted meanwhile
        return 0
    if not summary.finished:
        return 0
    state = sorted(
        catalog.cursor()
        .execute(
            "SELECT id, coalesce(run_id, ''), callback_url FROM stories"
            " WHERE set_name = ? AND deleted_at IS NULL",
            [name],
        )
        .fetchall()
    )
    urls = sorted({url for _, _, url in state if url})
    # The set's books and the runs that finished them: a set that grows or is repaired and
    # finishes again is a new event; the same finish seen twice is not.
    key = "set:" + name + ":" + hashlib.sha256(repr([s[:2] for s in state]).encode()).hexdigest()
    data = summary.model_dump(mode="json", exclude={"stories"})
    data["stories"] = [
        {"id": s.id, "status": s.status, "has_partial_failures": s.has_partial_failures}
        for s in summary.stories
    ]
    queued = 0
    with catalog.write(touches=()) as w:
        for url in urls:
            queued += store.enqueue(
                w, key=key, event="set.completed", url=url, data=data, story_id=None, set_name=name
            )
    return queued

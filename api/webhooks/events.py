"""Which webhooks a catalog change calls for: a story that reached a final state on its current
run, and a set whose every book is final. Called by the ingest after each refresh."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable

from api import sets
from api.catalog.db import Catalog
from api.catalog.repository import sets as set_repo
from api.catalog.repository import stories as story_repo
from api.catalog.repository import webhooks as webhook_repo
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
    rows = story_repo.final_with_callback(catalog, ids, FINAL)
    if not rows:
        return 0
    new = []
    for r in rows:
        event = story_event(r.status, bool(r.has_partial_failures))
        failed = (json.loads(r.result) or {}).get("failed_pages", []) if r.result else []
        data = {
            "id": r.id,
            "status": r.status,
            "has_partial_failures": bool(r.has_partial_failures),
            "failed_pages": failed,
            "set": r.set_name,
            "run_id": r.run_id,
            "error": json.loads(r.error) if r.error else None,
            **links(r.id),
        }
        key = f"{r.id}:{r.run_id}:{event}"
        new.append(
            store.new_delivery(
                key=key,
                event=event,
                url=r.callback_url,
                data=data,
                story_id=r.id,
                set_name=r.set_name,
            )
        )
    queued = webhook_repo.enqueue(catalog, new)
    for name in sorted({r.set_name for r in rows if r.set_name}):
        queued += _set_event(catalog, name)
    return queued


def _set_event(catalog: Catalog, name: str) -> int:
    try:
        summary = sets.summary(catalog, name)
    except ApiError:  # every book of the set was deleted meanwhile
        return 0
    if not summary.finished:
        return 0
    state = set_repo.finishing_runs(catalog, name)
    urls = sorted({url for _, _, url in state if url})
    # The set's books and the runs that finished them: a set that grows or is repaired and
    # finishes again is a new event; the same finish seen twice is not.
    key = "set:" + name + ":" + hashlib.sha256(repr([s[:2] for s in state]).encode()).hexdigest()
    data = summary.model_dump(mode="json", exclude={"stories"})
    data["stories"] = [
        {"id": s.id, "status": s.status, "has_partial_failures": s.has_partial_failures}
        for s in summary.stories
    ]
    return webhook_repo.enqueue(
        catalog,
        [
            store.new_delivery(
                key=key, event="set.completed", url=url, data=data, story_id=None, set_name=name
            )
            for url in urls
        ],
    )

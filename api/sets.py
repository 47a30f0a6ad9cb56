"""Story sets (issue 16): the books submitted under one name, and how far the set has got.

A set is no table of its own: it is the `set_name` column of its stories, so it is as durable
as they are (`meta.json` keeps it for a catalog rebuild) and needs no lifecycle."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from api.catalog.db import Catalog
from api.catalog.repository import sets as repo
from api.errors import ApiError
from api.models import StoryCreated, StoryStatus

FINAL = ("completed", "failed", "canceled")


class SetStory(BaseModel):
    id: str
    status: StoryStatus
    stage: str | None
    percent: int
    has_partial_failures: bool
    pages_failed: int = Field(description="Pages with a failed or missing narration or picture")
    child_name: str
    title_primary: str | None


class SetSummary(BaseModel):
    name: str
    total: int
    queued: int
    running: int
    completed: int = Field(description="Books completed with every page (no failures)")
    partial: int = Field(description="Books completed with failed pages")
    failed: int
    canceled: int
    done: int = Field(description="Books in a final state")
    pages_failed: int
    percent: int = Field(description="Mean progress of the set's books (final books count 100)")
    finished: bool = Field(description="Every book is in a final state")
    all_completed: bool = Field(description="Every book completed with no failed page")
    created_at: datetime
    updated_at: datetime
    stories: list[SetStory]


class SetCreated(BaseModel):
    name: str
    count: int
    stories: list[StoryCreated]


class SetOverview(BaseModel):
    name: str
    total: int
    done: int
    created_at: datetime
    updated_at: datetime


class SetList(BaseModel):
    items: list[SetOverview]


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def summary(catalog: Catalog, name: str) -> SetSummary:
    rows = repo.members(catalog, name)
    if not rows:
        raise ApiError(404, "SET_NOT_FOUND", "no story in this set", {"set": name})
    failed_pages = repo.failed_pages(catalog, name)
    stories = []
    for r in rows:
        prog: dict[str, Any] = json.loads(r.progress) if r.progress else {}
        final = r.status in FINAL
        stories.append(
            SetStory(
                id=r.id,
                status=r.status,
                stage=prog.get("stage"),
                percent=100 if final else int(prog.get("percent", 0)),
                has_partial_failures=bool(r.has_partial_failures) and final,
                pages_failed=failed_pages.get(r.id, 0) if final else 0,
                child_name=r.child_name,
                title_primary=r.title_primary,
            )
        )
    count = {s: sum(x.status == s for x in stories) for s in (*FINAL, "queued", "running")}
    partial_n = sum(x.status == "completed" and x.has_partial_failures for x in stories)
    done = sum(count[s] for s in FINAL)
    return SetSummary(
        name=name,
        total=len(stories),
        queued=count["queued"],
        running=count["running"],
        completed=count["completed"] - partial_n,
        partial=partial_n,
        failed=count["failed"],
        canceled=count["canceled"],
        done=done,
        pages_failed=sum(x.pages_failed for x in stories),
        percent=round(sum(x.percent for x in stories) / len(stories)),
        finished=done == len(stories),
        all_completed=count["completed"] - partial_n == len(stories),
        created_at=_ts(min(r.created_at for r in rows)),
        updated_at=_ts(max(r.updated_at for r in rows)),
        stories=stories,
    )


def overview(catalog: Catalog, limit: int) -> SetList:
    return SetList(
        items=[
            SetOverview(
                name=o.name,
                total=o.total,
                done=o.done,
                created_at=_ts(o.created_at),
                updated_at=_ts(o.updated_at),
            )
            for o in repo.overview(catalog, limit, FINAL)
        ]
    )

"""Story sets: no table of their own, the `set_name` column of their stories (api/sets.py)."""

from __future__ import annotations

from dataclasses import dataclass

from api.catalog.db import Catalog

# A page whose narration or picture failed or is missing.
_FAILED_PAGE = (
    "audio_primary_status IN ('failed', 'missing') OR audio_secondary_status IN"
    " ('failed', 'missing') OR illustration_status IN ('failed', 'missing')"
)


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    status: str
    progress: str | None  # JSON text
    has_partial_failures: bool
    child_name: str
    title_primary: str | None
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class Overview:
    name: str
    total: int
    done: int
    created_at: float
    updated_at: float


def members(catalog: Catalog, name: str) -> list[Member]:
    """The set's visible stories, oldest first."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, status, progress, has_partial_failures, child_name, title_primary,"
            " created_at, updated_at FROM stories WHERE set_name = ? AND deleted_at IS NULL"
            " ORDER BY created_at, id",
            [name],
        )
        .fetchall()
    )
    return [Member(*r) for r in rows]


def failed_pages(catalog: Catalog, name: str) -> dict[str, int]:
    """Story id -> how many of its pages have a failed or missing item (stories with none
    are left out)."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT p.story_id, count(*) FROM pages p JOIN stories s ON s.id = p.story_id"
            f" WHERE s.set_name = ? AND ({_FAILED_PAGE}) GROUP BY p.story_id",
            [name],
        )
        .fetchall()
    )
    return dict(rows)


def finishing_runs(catalog: Catalog, name: str) -> list[tuple[str, str, str | None]]:
    """(story id, its run id or '', callback url) of the set's visible stories, sorted."""
    rows = (
        catalog.cursor()
        .execute(
            "SELECT id, coalesce(run_id, ''), callback_url FROM stories"
            " WHERE set_name = ? AND deleted_at IS NULL",
            [name],
        )
        .fetchall()
    )
    return sorted((r[0], r[1], r[2]) for r in rows)


def overview(catalog: Catalog, limit: int, final: tuple[str, ...]) -> list[Overview]:
    """The newest `limit` sets (by their first story), with how many books are in `final`."""
    marks = ", ".join("?" * len(final))
    rows = (
        catalog.cursor()
        .execute(
            f"SELECT set_name, count(*), count(*) FILTER (WHERE status IN ({marks})),"
            " min(created_at), max(updated_at) FROM stories"
            " WHERE set_name IS NOT NULL AND deleted_at IS NULL"
            " GROUP BY set_name ORDER BY min(created_at) DESC LIMIT ?",
            [*final, limit],
        )
        .fetchall()
    )
    return [Overview(*r) for r in rows]

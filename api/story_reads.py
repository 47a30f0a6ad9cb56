"""The answers of the story reads (a book's detail, its result, a page of the list) as JSON
bytes, through the catalog's read cache: what GET /api/stories/... sends and what each
followed story's one poller reads (api/events.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial

from api import service
from api.catalog.cache import Body
from api.catalog.db import Catalog
from api.catalog.repository import stories as story_repo
from api.catalog.repository.stories import ListQuery, StoryRecord
from api.errors import ApiError
from api.models import ErrorDetail, Progress, ResultSummary, StoryDetail, StoryList
from api.pagination import encode_cursor
from moretale_assets.lib.schemas import StoryRequest


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def detail(row: StoryRecord) -> StoryDetail:
    result = None
    if row.has_story:
        result = ResultSummary(
            title_primary=row.title_primary,
            title_secondary=row.title_secondary,
            has_partial_failures=row.has_partial_failures,
            failed_pages=(json.loads(row.result) or {}).get("failed_pages", [])
            if row.result
            else [],
            result_url=service.links(row.id)["result_url"],
        )
    return StoryDetail(
        id=row.id,
        status=row.status,
        created_at=_ts(row.created_at),
        updated_at=_ts(row.updated_at),
        request=StoryRequest.model_validate_json(row.request),
        progress=Progress.model_validate_json(row.progress) if row.progress else None,
        result=result,
        error=ErrorDetail.model_validate_json(row.error) if row.error else None,
        run_id=row.run_id,
    )


def _read_detail(catalog: Catalog, story_id: str) -> bytes:
    return detail(service.get_row(catalog, story_id)).model_dump_json().encode()


async def detail_body(catalog: Catalog, story_id: str) -> Body:
    """What GET /{id} answers (a 404 for an unknown or deleted story)."""
    read = partial(_read_detail, catalog, story_id)
    return await catalog.cache.fetch("story:" + story_id, read, story=story_id)


async def detail_json(catalog: Catalog, story_id: str) -> bytes:
    return (await detail_body(catalog, story_id)).plain()


def _read_result(catalog: Catalog, story_id: str) -> bytes:
    found = story_repo.status_and_result(catalog, story_id)
    if found is None:
        raise ApiError(404, "STORY_NOT_FOUND", "story not found", {"id": story_id})
    status, result = found
    if not result:
        raise ApiError(
            409,
            "STORY_NOT_READY",
            "the story text does not exist yet",
            {"id": story_id, "status": status},
        )
    # The catalog keeps the body as JSON already: splice the status in instead of re-encoding.
    return ('{"status":' + json.dumps(status) + "," + result.lstrip()[1:]).encode()


async def result_body(catalog: Catalog, story_id: str) -> Body:
    """What GET /{id}/result answers: the whole book with the story's status."""
    read = partial(_read_result, catalog, story_id)
    return await catalog.cache.fetch("result:" + story_id, read, story=story_id)


def _read_list(catalog: Catalog, query: ListQuery) -> bytes:
    page = story_repo.list_page(catalog, query)
    next_cursor = encode_cursor(*page.next_after) if page.next_after else None
    return StoryList(items=page.items, next_cursor=next_cursor).model_dump_json().encode()


async def list_body(catalog: Catalog, query: ListQuery) -> Body:
    """A page of the list, newest first."""
    read = partial(_read_list, catalog, query)
    return await catalog.cache.fetch("list:" + query.key(), read, story=None)

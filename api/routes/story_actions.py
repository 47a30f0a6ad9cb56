"""/api/stories/{id}/repair (issue 16): one run of the whole book that completes what failed.

Every asset skips the pages already present and valid, so a repair run without pages makes
only the failed or missing ones (narration, pictures, cover); with `pages` it redoes those."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api import service
from api.deps import CatalogDep, DagsterDep, StoryId, StoryKey
from api.errors import responses
from api.models import RegenerateAccepted

router = APIRouter(prefix="/api/stories", tags=["stories"])


class RepairRequest(BaseModel):
    pages: list[int] | None = Field(
        None, description="Redo these pages (1-based) even if valid; omit to complete failures."
    )


@router.post(
    "/{story_id}/repair",
    status_code=202,
    response_model=RegenerateAccepted,
    responses=responses(401, 403, 404, 409, 413, 422, 429, 500, 503),
    summary="Complete a book's failed pages (or redo chosen ones) in one run",
)
def repair_story(
    story_id: StoryId, body: RepairRequest, _key: StoryKey, catalog: CatalogDep, dagster: DagsterDep
) -> RegenerateAccepted:
    pages = sorted(set(body.pages or []))
    run_id, assets = service.repair(catalog, dagster, story_id, pages)
    return RegenerateAccepted(
        id=story_id, run_id=run_id, status="queued", assets=assets, pages=pages or None
    )

"""/api/stories/{id}/repair (issue 16): one run of the whole book that completes what failed.

Every asset skips the pages already present and valid, so a repair run without pages makes
only the failed or missing ones (narration, pictures, cover); with `pages` it redoes those."""

from __future__ import annotations

import time

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api import service
from api.catalog.repository import stories as story_repo
from api.deps import CatalogDep, DagsterDep, StoryId, StoryKey
from api.errors import ApiError, responses
from api.models import RegenerateAccepted
from moretale_assets.lib import contract
from moretale_assets.lib.schemas import StoryRequest

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
    row = service.get_row(catalog, story_id)
    if row.status in service.ACTIVE:
        raise ApiError(
            409,
            "STORY_BUSY",
            f"story is {row['status']}; wait for it to finish",
            {"id": story_id, "status": row.status},
        )
    gen = StoryRequest.model_validate_json(row.request).generation
    pages = sorted(set(body.pages or []))
    bad = [p for p in pages if not 1 <= p <= row.page_count]
    if bad:
        raise ApiError(
            422, "VALIDATION_ERROR", f"pages {bad} do not exist", {"page_count": row.page_count}
        )
    # The whole book in its job's order; every asset skips what is present and valid.
    selection = contract.PageSelection(pages=pages, force=bool(pages))
    configs: dict[str, BaseModel] = {contract.STORY: contract.ForceOnly(force=False)}
    if gen.enable_illustration and gen.enable_cover:
        configs[contract.COVER_ILLUSTRATION] = contract.ForceOnly(force=False)
    if gen.enable_tts:
        configs[contract.PAGE_AUDIO] = selection
    if gen.enable_illustration:
        configs[contract.PAGE_ILLUSTRATIONS] = selection
    assets = list(configs)
    try:
        run_id = dagster.launch(
            story_id,
            run_config=contract.op_config(configs),
            assets=assets,
            tags={contract.TAG_KIND: "repair"},
        )
    except service.DagsterUnavailable as exc:
        raise service.unavailable("launch", exc) from exc
    story_repo.requeue(catalog, story_id, run_id, "repair", time.time())
    return RegenerateAccepted(
        id=story_id, run_id=run_id, status="queued", assets=assets, pages=pages or None
    )

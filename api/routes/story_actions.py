"""/api/stories/{id}/repair and /api/stories/import (issue 16).

Repair: one run of the whole book that completes what failed.

Every asset skips the pages already present and valid, so a repair run without pages makes
only the failed or missing ones (narration, pictures, cover); with `pages` it redoes those."""

from __future__ import annotations

import asyncio
import time
import zipfile
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api import imports, service
from api.deps import CatalogDep, DagsterDep, PostKey, StorageDep, StoryId
from api.errors import ApiError, responses
from api.models import RegenerateAccepted
from moretale_assets.lib.imports.moretale_ai import ImportedBook, NotAMoreTaleBook, read_book
from moretale_assets.lib.imports.sources import MAX_BYTES, SourceTooLarge, from_zip
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.sets import SET_NAME_RE

router = APIRouter(prefix="/api/stories", tags=["stories"])


class RepairRequest(BaseModel):
    pages: list[int] | None = Field(
        None, description="Redo these pages (1-based) even if valid; omit to complete failures."
    )


@router.post(
    "/{story_id}/repair",
    status_code=202,
    response_model=RegenerateAccepted,
    responses=responses(401, 403, 404, 409, 422, 429, 500, 503),
    summary="Complete a book's failed pages (or redo chosen ones) in one run",
)
def repair_story(
    story_id: StoryId, body: RepairRequest, _key: PostKey, catalog: CatalogDep, dagster: DagsterDep
) -> RegenerateAccepted:
    row = service.get_row(catalog, story_id)
    if row["status"] in service.ACTIVE:
        raise ApiError(
            409,
            "STORY_BUSY",
            f"story is {row['status']}; wait for it to finish",
            {"id": story_id, "status": row["status"]},
        )
    gen = StoryRequest.model_validate_json(row["request"]).generation
    assets = ["story"]
    ops: dict = {}
    pages = sorted(set(body.pages or []))
    bad = [p for p in pages if not 1 <= p <= row["page_count"]]
    if bad:
        raise ApiError(
            422, "VALIDATION_ERROR", f"pages {bad} do not exist", {"page_count": row["page_count"]}
        )
    selection = {"config": {"pages": pages, "force": bool(pages)}}
    if gen.enable_tts:
        assets.append("page_audio")
        ops["page_audio"] = selection
    if gen.enable_illustration:
        if gen.enable_cover:
            assets.append("cover_illustration")
        assets.append("page_illustrations")
        ops["page_illustrations"] = selection
    try:
        run_id = dagster.launch(
            story_id, run_config={"ops": ops}, assets=assets, tags={"moretale/kind": "repair"}
        )
    except service.DagsterUnavailable as exc:
        raise service.unavailable("launch", exc) from exc
    with catalog.write(touches=[story_id]) as w:
        w.execute(
            "UPDATE stories SET status = 'queued', run_id = ?, run_kind = 'repair',"
            " progress = NULL, updated_at = ? WHERE id = ?",
            [run_id, time.time(), story_id],
        )
    return RegenerateAccepted(
        id=story_id, run_id=run_id, status="queued", assets=assets, pages=pages or None
    )


class ImportedStory(BaseModel):
    id: str
    source: str
    era: int = Field(description="MoreTale schema era of the folder: 24 or 32 pages")
    page_count: int
    failed_items: int = Field(description="Narrations and pictures that a repair run will make")
    status_url: str


class ImportResult(BaseModel):
    stories: list[ImportedStory]
    count: int


@router.post(
    "/import",
    status_code=200,
    response_model=ImportResult,
    responses=responses(400, 401, 403, 422, 429, 500, 503),
    summary="Import folders written by the original MoreTale CLI (each uploaded as a zip); "
    "all are checked before any is imported",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                    }
                }
            },
        }
    },
)
async def import_stories(
    request: Request,
    _key: PostKey,
    catalog: CatalogDep,
    dagster: DagsterDep,
    storage: StorageDep,
    set_name: Annotated[
        str | None, Query(alias="set", pattern=SET_NAME_RE.pattern, max_length=64)
    ] = None,
) -> ImportResult:
    if "multipart" not in request.headers.get("content-type", ""):
        raise ApiError(400, "INVALID_IMPORT", "upload each book folder as a zip in 'file' fields")
    form = await request.form(max_part_size=MAX_BYTES)
    uploads = [f for f in form.getlist("file") if not isinstance(f, str)]
    if not uploads:
        raise ApiError(400, "INVALID_IMPORT", "no 'file' upload in the form")
    books: list[ImportedBook] = []
    for upload in uploads:
        name = upload.filename or "upload.zip"
        source = name[:-4] if name.endswith(".zip") else name
        data = await upload.read()
        try:
            books.append(read_book(source, await asyncio.to_thread(from_zip, data)))
        except (zipfile.BadZipFile, SourceTooLarge) as exc:
            raise ApiError(
                422, "NOT_A_MORETALE_BOOK", f"{name}: not a zip of a book folder ({exc})"
            ) from exc
        except NotAMoreTaleBook as exc:
            raise ApiError(
                422,
                "NOT_A_MORETALE_BOOK",
                str(exc),
                {"source": exc.source, "file": exc.file, "problem": exc.problem},
            ) from exc
    ingestor = request.app.state.ingestor

    def run() -> list[ImportedStory]:
        return [
            ImportedStory(
                id=(
                    sid := imports.import_book(
                        catalog, dagster, storage, ingestor, b, set_name=set_name
                    )
                ),
                source=b.source,
                era=b.era,
                page_count=len(b.story.pages),
                failed_items=b.failed,
                status_url=service.links(sid)["status_url"],
            )
            for b in books
        ]

    done = await asyncio.to_thread(run)
    return ImportResult(stories=done, count=len(done))

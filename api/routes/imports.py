"""/api/imports (issue 16): books made by the original MoreTale CLI, uploaded as zipped folders.

Not under /api/stories/: "import" is a valid story id, so /api/stories/import would share its
path with the story routes."""

from __future__ import annotations

import asyncio
import zipfile
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api import imports, service
from api.deps import CatalogDep, DagsterDep, PostKey, StorageDep
from api.errors import ApiError, responses
from moretale_assets.lib.imports.moretale_ai import ImportedBook, NotAMoreTaleBook, read_book
from moretale_assets.lib.imports.sources import MAX_BYTES, SourceTooLarge, from_zip
from moretale_assets.lib.sets import SET_NAME_RE

router = APIRouter(prefix="/api/imports", tags=["imports"])


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
    "/",
    status_code=200,
    response_model=ImportResult,
    responses=responses(400, 401, 403, 413, 422, 429, 500, 503),
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

"""Book files from local storage, behind the same API key as everything else."""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.responses import MalformedRangeHeader, RangeNotSatisfiable

from api.catalog.repository import stories as story_repo
from api.deps import ApiKey, CatalogDep, StorageDep
from api.errors import ApiError, responses
from moretale_assets.lib import layout
from moretale_assets.lib.storage import validate_key

router = APIRouter(tags=["files"])
ALLOWED = (".json", ".wav", ".png")
# Only the holder of a key may keep a copy: no shared cache (proxy, CDN) stores a book.
CACHE = {"Cache-Control": "private, max-age=300"}


def _not_found() -> ApiError:
    return ApiError(404, "FILE_NOT_FOUND", "no such file")


def _check_range(request: Request, size: int) -> None:
    """Starlette answers a bad Range in text/plain; the same checks here answer in the envelope."""
    value = request.headers.get("range")
    if value is None or request.method not in ("GET", "HEAD"):
        return
    try:
        FileResponse._parse_range_header(value, size)
    except MalformedRangeHeader as exc:
        raise ApiError(400, "INVALID_RANGE", exc.content or "malformed Range header") from exc
    except RangeNotSatisfiable as exc:
        raise ApiError(
            416,
            "RANGE_NOT_SATISFIABLE",
            "the range starts past the end of the file",
            {"size": size},
            headers={"Content-Range": f"bytes */{size}"},
        ) from exc


@router.get(
    "/static/outputs/{path:path}",
    responses={
        **responses(400, 404, 416, 422),
        200: {"description": "The file (supports Range)"},
        206: {"description": "Part of the file (Range)"},
    },
    summary="A file of a book (story.json, WAV, PNG, manifests)",
)
def book_file(
    request: Request, path: str, _key: ApiKey, storage: StorageDep, catalog: CatalogDep
) -> FileResponse:
    try:
        key = validate_key(path)
    except ValueError as exc:
        raise _not_found() from exc
    target = storage.local_file(key)
    if target is None or not key.endswith(ALLOWED) or "/" not in key:
        raise _not_found()
    # A soft-deleted (or unknown) story's files are as gone as its rows.
    if key.endswith((f"/{layout.REQUEST}", f"/{layout.META}")) or not story_repo.visible(
        catalog, key.split("/")[0]
    ):
        raise _not_found()
    try:
        size = target.stat().st_size if target.is_file() else None
    except (OSError, ValueError):
        size = None
    if size is None:
        raise _not_found()
    _check_range(request, size)
    media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media, headers=CACHE)

"""Book files from local storage, behind the same API key as everything else."""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import ApiKey, StorageDep
from api.errors import ApiError, responses
from moretale_assets.lib.storage import validate_key

router = APIRouter(tags=["files"])
ALLOWED = (".json", ".wav", ".png")


@router.get(
    "/static/outputs/{path:path}",
    responses={
        **responses(401, 403, 404, 422, 500),
        200: {"description": "The file (supports Range)"},
    },
    summary="A file of a book (story.json, WAV, PNG, manifests)",
)
def book_file(path: str, _key: ApiKey, storage: StorageDep) -> FileResponse:
    try:
        key = validate_key(path)
    except ValueError as exc:
        raise ApiError(404, "FILE_NOT_FOUND", "no such file") from exc
    target = storage.local_file(key)
    if target is None or not key.endswith(ALLOWED) or "/" not in key:
        raise ApiError(404, "FILE_NOT_FOUND", "no such file")
    if not target.is_file() or key.endswith(("/request.json", "/meta.json")):
        raise ApiError(404, "FILE_NOT_FOUND", "no such file")
    media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media)

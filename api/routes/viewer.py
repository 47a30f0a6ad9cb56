"""The book viewer: static HTML/CSS/ES modules under api/viewer/, served as they are.

The pages hold no data and no secret, so they need no API key: the browser asks for the key
once, keeps it in sessionStorage and sends it as `X-API-Key` on every API and file request.
None of these routes are in the OpenAPI schema, which documents the JSON API only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pylopdf_fonts_ko
from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response

from api.errors import ApiError
from moretale_assets.lib import contract
from moretale_assets.lib.story_ids import STORY_ID_RE

router = APIRouter(tags=["viewer"], include_in_schema=False)

ASSETS = (Path(__file__).resolve().parent.parent / "viewer").resolve()
FONT_DIR = Path(pylopdf_fonts_ko.__file__).resolve().parent
FONTS = {"NotoSansKR-Regular.otf"}  # the OFL font the viewer's @font-face names
# Only what the viewer is made of; anything else under api/viewer/ is never served.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
# Revalidate HTML/JS/CSS on every load (ETag makes that a 304), so a deploy is seen at once
# without cache-busting names; the font never changes and is big, so it is cached for a day.
NO_STALE = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
FONT_CACHE = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
# The API key sits in sessionStorage, so the pages run only their own scripts and talk only
# to this origin; media are blob: URLs. Inline styles are allowed for print.js's @page rule.
PAGE_HEADERS = {
    **NO_STALE,
    "Content-Security-Policy": "default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
}

# The pipeline's names the viewer reads progress by, as an ES module (`/viewer/contract.js`)
# rendered from lib/contract.py, so the scripts hold no asset name of their own.
CONTRACT_NAMES = ("STORY", "PAGE_AUDIO", "COVER_ILLUSTRATION", "PAGE_ILLUSTRATIONS")
CONTRACT_JS = "// Rendered from moretale_assets/lib/contract.py by the API.\n" + "".join(
    f"export const {name} = {json.dumps(getattr(contract, name))};\n" for name in CONTRACT_NAMES
)

StoryPathId = Annotated[str, PathParam(pattern=STORY_ID_RE.pattern, max_length=100)]


def _not_found() -> ApiError:
    return ApiError(404, "NOT_FOUND", "no such viewer file")


def _page(name: str) -> FileResponse:
    return FileResponse(ASSETS / name, media_type=TYPES[".html"], headers=PAGE_HEADERS)


@router.get("/")
def library() -> FileResponse:
    return _page("index.html")


@router.get("/books/{story_id}")
def book(story_id: StoryPathId) -> FileResponse:
    # One HTML file for every book: the script reads the id from the URL.
    return _page("book.html")


@router.get("/books/{story_id}/print")
def book_print(story_id: StoryPathId) -> FileResponse:
    return _page("print.html")


@router.get("/viewer/fonts/{name}")
def font(name: str) -> FileResponse:
    if name not in FONTS:
        raise _not_found()
    return FileResponse(FONT_DIR / name, media_type="font/otf", headers=FONT_CACHE)


@router.get("/viewer/contract.js")
def viewer_contract() -> Response:
    return Response(CONTRACT_JS, media_type=TYPES[".js"], headers=NO_STALE)


@router.get("/viewer/{path:path}")
def asset(path: str) -> FileResponse:
    # A NUL or other control character is no file name anywhere (and a NUL makes the OS call
    # itself fail): refuse it before it reaches the filesystem.
    if any(ord(c) < 0x20 or c == "\x7f" for c in path):
        raise ApiError(400, "BAD_REQUEST", "control characters in the path")
    # Resolve and re-check containment: `..`, symlinks and absolute paths never leave ASSETS.
    try:
        target = (ASSETS / path).resolve()
        found = target.is_relative_to(ASSETS) and target.is_file()
    except (OSError, ValueError) as exc:  # a name too long, a loop of symlinks
        raise _not_found() from exc
    if not found:
        raise _not_found()
    media = TYPES.get(target.suffix)
    if media is None:
        raise _not_found()
    return FileResponse(target, media_type=media, headers=NO_STALE)

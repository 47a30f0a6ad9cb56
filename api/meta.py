"""A story's meta.json: what the catalog row holds that the book's files do not (when and how
it was created, its set and callback, a soft delete), so deleting the catalog loses nothing.
Written by create, import and delete; read when the ingest rebuilds a row."""

from __future__ import annotations

import hashlib

from moretale_assets.lib.layout import META, Book
from moretale_assets.lib.schemas import StoryMeta, StoryRequest
from moretale_assets.lib.storage import Storage


def request_hash(request: StoryRequest) -> str:
    """What an Idempotency-Key replay must match: the request as validated."""
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()


def write_meta(storage: Storage, story_id: str, meta: StoryMeta) -> None:
    Book(storage, story_id).put_model(META, meta)


def read_meta(storage: Storage, story_id: str) -> StoryMeta | None:
    return Book(storage, story_id).get_model_or_none(META, StoryMeta)

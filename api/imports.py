"""Import books made by the original MoreTale CLI: files into storage, a partition, a catalog
row that reads as a finished book (its failed pages listed), ready for a repair run."""

from __future__ import annotations

import logging
import time

from api.catalog.db import Catalog
from api.catalog.ingest import Ingestor
from api.catalog.repository import stories as story_repo
from api.dagster_client import DagsterClient, DagsterUnavailable
from api.meta import request_hash, write_meta
from api.service import unavailable
from moretale_assets.lib import layout
from moretale_assets.lib.imports.moretale_ai import ImportedBook
from moretale_assets.lib.layout import Book
from moretale_assets.lib.schemas import StoryMeta
from moretale_assets.lib.storage import Storage

log = logging.getLogger("moretale.api")


def content_type(path: str) -> str:
    return "audio/wav" if path.endswith(".wav") else "image/png"


def import_book(
    catalog: Catalog,
    dagster: DagsterClient,
    storage: Storage,
    ingestor: Ingestor,
    imported: ImportedBook,
    *,
    set_name: str | None,
) -> str:
    story_id = imported.new_id()
    try:
        dagster.add_partition(story_id)  # first: if Dagster is down, nothing is left behind
    except DagsterUnavailable as exc:
        raise unavailable("add the partition for", exc) from exc
    book = Book(storage, story_id)
    for path, data in imported.files.items():
        book.put(path, data, content_type(path))
    if imported.audio_manifest is not None:
        book.put_model(layout.AUDIO_MANIFEST, imported.audio_manifest)
    if imported.illustration_manifest is not None:
        book.put_model(layout.ILLUSTRATION_MANIFEST, imported.illustration_manifest)
    book.put_model(layout.STORY, imported.story)
    book.put_model(layout.REQUEST, imported.request)
    created = imported.created_at.timestamp() if imported.created_at else time.time()
    meta = StoryMeta(
        created_at=created, request_hash=request_hash(imported.request), set_name=set_name
    )
    write_meta(storage, story_id, meta)
    story_repo.insert(catalog, story_id, imported.request, meta)
    # The ingest's projection fills titles, pages and the result from the files; with no run
    # behind it, the story is what the files say: finished, with its failed pages flagged.
    ingestor.refresh(story_id)
    failed = story_repo.mark_imported(catalog, story_id)
    log.info(
        "story.imported",
        extra={"story": story_id, "source": imported.source[:200], "failed": len(failed)},
    )
    return story_id

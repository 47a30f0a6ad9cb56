"""The ingest derives a story's row from what it read a moment ago; a request that changes the
row in that moment (a cancel, a relaunch) must win, not be overwritten by the older view."""

import time

import pytest

from api.catalog.db import Catalog
from api.catalog.ingest import FINAL_RUN, Ingestor
from api.catalog.repository import runs as runs_repo
from api.catalog.repository import stories as story_repo
from api.meta import request_hash
from moretale_assets.lib import layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.schemas import StoryMeta
from moretale_assets.lib.storage import LocalStorage

SID, RUN = "story_mina-test_abcdef", "run-1"


@pytest.fixture
def ingest(tmp_path, make_request):
    storage = LocalStorage(tmp_path / "outputs")
    request = make_request(page_count=4)
    book = Book(storage, SID)
    book.put_model(layout.REQUEST, request)
    book.put_model(layout.STORY, OfflineStoryWriter().write(request))
    catalog = Catalog(tmp_path / "catalog.duckdb")
    now = time.time()
    meta = StoryMeta(created_at=now, request_hash=request_hash(request))
    story_repo.insert(catalog, SID, request, meta)
    story_repo.requeue(catalog, SID, RUN, "create", now)
    seen = runs_repo.RunSeen(RUN, SID, "create", "STARTED", now, now)
    runs_repo.upsert(catalog, seen, FINAL_RUN)
    ingestor = Ingestor(catalog, None, storage, lambda sid, path: f"/static/{sid}/{path}")  # type: ignore[arg-type]
    yield ingestor
    catalog.close()


def status(ingest: Ingestor) -> str:
    row = story_repo.get(ingest.catalog, SID)
    assert row is not None
    return row.status


def test_the_ingest_projects_a_running_story(ingest):
    ingest.refresh(SID)
    assert status(ingest) == "running"


def test_a_cancel_between_the_ingests_read_and_its_write_is_not_undone(ingest, monkeypatch):
    read = runs_repo.latest

    def read_then_cancel(catalog, story_id):
        latest = read(catalog, story_id)  # STARTED
        if status(ingest) != "canceled":  # the cancel request lands right after the read
            story_repo.mark_canceled(catalog, story_id, {RUN: "CANCELED"}, time.time())
        return latest

    monkeypatch.setattr(runs_repo, "latest", read_then_cancel)
    ingest.refresh(SID)
    assert status(ingest) == "canceled"
    row = story_repo.get(ingest.catalog, SID)
    assert row is not None and row.run_status == "CANCELED"


def test_a_relaunch_between_the_read_and_the_write_is_not_undone(ingest, monkeypatch):
    read = story_repo.refresh_inputs
    relaunched: list[str] = []

    def read_then_relaunch(catalog, story_id):
        inputs = read(catalog, story_id)
        if not relaunched:
            relaunched.append("run-2")
            story_repo.requeue(catalog, story_id, "run-2", "tts", time.time())
        return inputs

    monkeypatch.setattr(story_repo, "refresh_inputs", read_then_relaunch)
    ingest.refresh(SID)
    row = story_repo.get(ingest.catalog, SID)
    assert row is not None
    assert (row.status, row.run_id, row.run_kind) == ("queued", "run-2", "tts")

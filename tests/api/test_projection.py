"""The catalog's view of one book while its run is active: files the run has reported finished
are served before the step writes its manifest; once the run is over only the manifests count."""

import pytest

from api.catalog.projection import project
from api.catalog.status import ready_files
from moretale_assets.lib import layout
from moretale_assets.lib.layout import Book, audio_path, illustration_path
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.storage import LocalStorage


def url_for(story_id: str, path: str) -> str:
    return f"/static/outputs/{story_id}/{path}"


@pytest.fixture
def book(tmp_path, make_request):
    request = make_request(page_count=4)
    b = Book(LocalStorage(tmp_path), "story_mina-test_abcdef")
    b.put_model(layout.REQUEST, request)
    b.put_model(layout.STORY, OfflineStoryWriter().write(request))
    return b


def test_files_the_run_reported_are_served_before_the_manifest(book):
    story = book.story()
    pic = illustration_path(2)
    wav = audio_path(3, "secondary", story.secondary_language)
    live = frozenset({pic, wav, layout.COVER})
    proj = project(book, book.request(), url_for, final=False, live=live)
    pages = {p["page_number"]: p for p in proj.pages}
    assert pages[2]["illustration_status"] == "generated"
    assert pages[2]["illustration_url"] == url_for(book.story_id, pic)
    assert pages[3]["audio_secondary_url"] == url_for(book.story_id, wav)
    assert pages[3]["audio_primary_url"] is None
    assert pages[3]["audio_primary_status"] == "pending"
    assert (pages[1]["illustration_status"], pages[1]["illustration_url"]) == ("pending", None)
    cover = proj.result["assets"]["cover"]
    assert cover["status"] == "generated" and cover["has_cover"]
    pictures = proj.result["assets"]["illustrations"]
    assert (pictures["generated"], pictures["pending"]) == (1, 3)


def test_once_the_run_is_over_only_the_manifests_count(book):
    proj = project(book, book.request(), url_for, final=True)
    page = proj.pages[1]
    assert (page["illustration_status"], page["illustration_url"]) == ("missing", None)
    assert proj.has_partial_failures


def test_ready_files_takes_each_assets_latest_list():
    events = [
        ("observation", "page_illustrations", {"progress_done": 1, "progress_ready": "a.png"}),
        ("observation", "page_audio", {"progress_done": 1, "progress_ready": "x.wav"}),
        ("observation", "page_illustrations", {"progress_ready": "a.png,b.png"}),
        ("observation", "story", {"progress_done": 1}),
        ("materialization", "page_audio", {"progress_ready": "ignored.wav"}),
    ]
    assert ready_files(events) == {"a.png", "b.png", "x.wav"}
    assert ready_files([]) == frozenset()

"""The catalog's view of one book while its run is active: files the run has reported finished
are served before the step writes its manifest; once the run is over only the manifests count."""

import time

import pytest

from api.catalog.projection import project
from api.catalog.status import ready_files
from api.models import PageResult
from moretale_assets.lib import contract, layout
from moretale_assets.lib.layout import Book, audio_path, illustration_path
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.quality.record import BookQuality, CheckRecord
from moretale_assets.lib.quality.reports import story_report
from moretale_assets.lib.schemas import IllustrationEntry, IllustrationManifest, Redo
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


def _record(book, check: str, report, run_id: str = "run-1") -> None:
    record = CheckRecord(
        check=check,
        asset=contract.QUALITY_CHECKS[check],
        run_id=run_id,
        checked_at=time.time(),
        report=report,
    )
    book.put_model(layout.quality_path(check), record)


def test_quality_reports_become_the_books_and_each_pages_quality(book):
    proj = project(book, book.request(), url_for, final=True)
    assert (
        proj.result["quality"]["status"] == "unchecked" and proj.result["quality"]["score"] is None
    )
    assert all(p["quality"]["status"] == "unchecked" for p in proj.pages)
    # The story check on the real story; one page made to fail it (English where Korean goes).
    story = book.story()
    _record(book, contract.STORY_QUALITY, story_report(book))
    broken = story.model_copy(deep=True)
    broken.pages[2].text_primary = broken.pages[2].text_secondary
    book.put_model(layout.STORY, broken)
    _record(book, contract.STORY_QUALITY, story_report(book), run_id="run-2")
    proj = project(book, book.request(), url_for, final=True)
    quality = proj.result["quality"]
    assert quality["status"] == "fail" and 0 < quality["score"] < 1
    (check,) = quality["checks"]
    assert (check["name"], check["run_id"], check["blocking_failed"]) == (
        "story_quality",
        "run-2",
        True,
    )
    assert "language_script" in check["ran"]
    page3 = proj.pages[2]["quality"]
    assert page3["status"] == "fail"
    assert any(r.startswith("language_script: ") for r in page3["reasons"])
    assert {(c["check"], c["name"]) for c in page3["checks"]} >= {
        ("story_quality", "language_script")
    }
    assert proj.pages[0]["quality"]["status"] != "fail"  # the other pages stay as they were
    # What the API documents is what the projection writes.
    BookQuality.model_validate(quality)
    PageResult.model_validate(proj.pages[2])


def test_a_page_redone_by_the_checks_shows_why(book):
    manifest = IllustrationManifest(aspect_ratio="1:1", page_aspect_ratio="1:1")
    manifest.entries.append(
        IllustrationEntry(
            asset_type="page",
            page_number=2,
            status="generated",
            path=illustration_path(2),
            aspect_ratio="1:1",
            redo=Redo(reason="not_blank: blank: spread 0.0, 1 colours", attempt=1, of_run="r1"),
        )
    )
    book.put_model(layout.ILLUSTRATION_MANIFEST, manifest)
    proj = project(book, book.request(), url_for, final=True)
    assert proj.pages[1]["redone_by_checks"] == [
        {"item": "illustration", "reason": "not_blank: blank: spread 0.0, 1 colours",
         "attempt": 1, "of_run": "r1"}
    ]  # fmt: skip
    assert proj.pages[0]["redone_by_checks"] == []


def test_an_unreadable_quality_report_is_left_out_not_the_book(book):
    book.put(layout.quality_path(contract.PICTURE_QUALITY), b"{not json", "application/json")
    _record(book, contract.STORY_QUALITY, story_report(book))
    proj = project(book, book.request(), url_for, final=True)
    assert [c["name"] for c in proj.result["quality"]["checks"]] == ["story_quality"]

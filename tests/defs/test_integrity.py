"""What a page asset trusts on disk (issue 17): a file must be the one its manifest entry
records; an unreadable manifest is rebuilt from disk; a failed step says which pages and why."""

import hashlib
import json

import dagster as dg

from moretale_assets.lib import contract
from moretale_assets.lib.layout import AUDIO_MANIFEST, ILLUSTRATION_MANIFEST

from .test_book import failures, materialization

WAV_1 = "audio/01_korean/page_01_primary.wav"
WAV_2 = "audio/01_korean/page_02_primary.wav"
PNG_1, PNG_2 = "illustrations/page_01.png", "illustrations/page_02.png"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry(manifest, path):
    [e] = [e for e in manifest.entries if e.path == path]
    return e


def test_a_valid_file_copied_from_another_page_is_redone(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book).success
    book.put(WAV_2, book.get(WAV_1), "audio/wav")  # valid WAV, wrong page
    book.put(PNG_2, book.get(PNG_1), "image/png")  # valid PNG, wrong page
    again = runner.run(book)
    assert again.success, failures(again)
    assert materialization(again, contract.PAGE_AUDIO)[contract.ITEMS_GENERATED] == 1
    assert materialization(again, contract.PAGE_ILLUSTRATIONS)[contract.ITEMS_GENERATED] == 1
    # Remade from its own text/prompt ...
    assert book.get(WAV_2) != book.get(WAV_1) and book.get(PNG_2) != book.get(PNG_1)
    # ... and the manifest records the new file.
    for path, manifest in ((WAV_2, book.audio_manifest()), (PNG_2, book.illustration_manifest())):
        e = entry(manifest, path)
        assert e.status == "generated"
        assert (e.sha256, e.bytes) == (sha(book.get(path)), len(book.get(path)))


def test_a_truncated_manifest_is_rebuilt_from_disk(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book).success
    for path in (AUDIO_MANIFEST, ILLUSTRATION_MANIFEST):
        raw = book.get(path)
        book.put(path, raw[: len(raw) // 2], "application/json")
    again = runner.run(book, fault_plan=json.dumps({"speech": {"*": -1}, "illustrator": {"*": -1}}))
    assert again.success, failures(again)  # no provider call: every valid file was kept
    warnings = [
        r.user_message
        for r in runner.instance.all_logs(again.run_id)
        if "unreadable" in (r.user_message or "")
    ]
    # Each step that read a broken manifest said why it rebuilt it.
    assert any(AUDIO_MANIFEST in w for w in warnings), warnings
    assert any(ILLUSTRATION_MANIFEST in w for w in warnings), warnings
    am, im = book.audio_manifest(), book.illustration_manifest()
    assert (am.total_tasks, am.failed) == (8, 0)
    assert (im.total_tasks, im.failed) == (5, 0)  # cover + 4 pages
    for e in [*am.entries, *im.entries]:
        assert e.sha256 == sha(book.get(e.path))


def test_the_final_failure_names_pages_and_causes_and_carries_the_table(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    result = runner.run(book, fault_plan=json.dumps({"illustrator": {"page_03": -1}}))
    assert not result.success
    [final] = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_FAILURE
        and e.step_key == contract.PAGE_ILLUSTRATIONS
    ]
    data = final.step_failure_data
    assert "Exceeded max_retries" not in data.error.message
    user = data.user_failure_data
    assert "page_03" in user.description and "injected fault" in user.description
    table = user.metadata[contract.PAGE_TABLE].value
    rows = {r.data["item"]: r.data for r in table.records}
    assert sorted(rows) == [f"page_{n:02d}" for n in range(1, 5)]
    assert rows["page_03"]["status"] == "failed" and "injected fault" in rows["page_03"]["error"]
    assert rows["page_01"]["status"] in ("generated", "skipped_exists")
    assert user.metadata[contract.FAILED_ITEMS].value == ["page_03"]


def test_each_story_has_its_own_check_results(runner, make_request):
    books = [runner.new_book(make_request(page_count=4, theme=t)) for t in ("sea", "forest")]
    for book in books:
        assert runner.run(book).success
    for name in (contract.CHECK_AUDIO_COMPLETE, contract.CHECK_ILLUSTRATIONS_COMPLETE):
        asset = (
            contract.PAGE_AUDIO
            if name == contract.CHECK_AUDIO_COMPLETE
            else (contract.PAGE_ILLUSTRATIONS)
        )
        key = dg.AssetCheckKey(dg.AssetKey(asset), name)
        records = runner.instance.event_log_storage.get_asset_check_execution_history(key, limit=10)
        partitions = sorted(
            (r.event.dagster_event.asset_check_evaluation_data.partition for r in records),
            key=str,  # an unpartitioned check records None
        )
        assert partitions == sorted(b.story_id for b in books), name

import hashlib
import json

import dagster as dg

from moretale_assets.lib import audio
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.layout import AUDIO_MANIFEST, COVER, ILLUSTRATION_MANIFEST, STORY

ALWAYS_FAIL = json.dumps({k: {"*": -1} for k in ("story_writer", "speech", "illustrator")})


def failures(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    out = {}
    for ev in result.all_events:
        if ev.event_type == dg.DagsterEventType.STEP_FAILURE:
            data = ev.step_failure_data
            desc = data.user_failure_data.description if data.user_failure_data else None
            out[ev.step_key] = desc or data.error.message
    return out


def materialization(result, asset: str) -> dict:
    [m] = result.asset_materializations_for_node(asset)
    return {k: v.value for k, v in m.metadata.items()}


def last_progress(result: dg.ExecuteInProcessResult, step: str) -> dict:
    """The metadata of a step's last progress observation."""
    observed = [
        e.asset_observation_data.asset_observation.metadata
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_OBSERVATION and e.step_key == step
    ]
    assert observed, f"no progress observed for {step}"
    return {k: v.value for k, v in observed[-1].items()}


def files(book) -> list[str]:
    return book.storage.list(book.story_id)


def test_complete_book(runner, make_request):
    book = runner.new_book(make_request(page_count=6))
    result = runner.run(book)
    assert result.success, failures(result)
    names = [f.split("/", 1)[1] for f in files(book)]
    assert sum(n.startswith("audio/01_korean/page_") for n in names) == 6
    assert sum(n.startswith("audio/02_english/page_") for n in names) == 6
    assert sum(n.startswith("illustrations/page_") for n in names) == 6
    for n in (STORY, COVER, AUDIO_MANIFEST, ILLUSTRATION_MANIFEST, "request.json"):
        assert n in names
    am = book.audio_manifest()
    assert (am.total_tasks, am.generated, am.failed) == (12, 12, 0)
    e = am.entries[0]
    assert e.path == "audio/01_korean/page_01_primary.wav" and e.sha256 and e.bytes
    assert e.provider == "offline" and e.model == "espeak-ng" and e.duration_s > 0.3
    assert audio.is_valid_speech(book.get(e.path))
    im = book.illustration_manifest()
    assert (im.total_tasks, im.generated) == (7, 7)
    assert im.entries[0].asset_type == "cover" and im.entries[0].aspect_ratio == "5:4"
    assert all(is_valid_png(book.get(x.path)) for x in im.entries)
    meta = materialization(result, "page_audio")
    assert meta["items_generated"] == 12 and meta["model"] == "espeak-ng"
    assert len(meta["pages"].records) == 12
    assert "story.json" in materialization(result, "story")["story_uri"]
    progress = last_progress(result, "page_audio")
    assert (progress["progress_done"], progress["progress_total"]) == (12, 12)
    # Each finished file is listed as it lands, for readers that show pages before the manifest.
    assert set(progress["progress_ready"].split(",")) == {e.path for e in am.entries}
    pictures = last_progress(result, "page_illustrations")["progress_ready"].split(",")
    assert sorted(pictures) == [f"illustrations/page_{n:02d}.png" for n in range(1, 7)]
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)


def test_second_materialization_calls_no_provider(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book).success
    # Manifests and the quality checks' reports (quality/<check>.json: which run checked the
    # book, when) are rewritten by every run; the book's own files must not be.
    kept = [f for f in files(book) if not f.endswith("manifest.json") and "/quality/" not in f]
    before = {f: book.storage.get(f) for f in kept}
    assert any(f.endswith(".png") for f in before) and any(f.endswith(".wav") for f in before)
    # Every provider call would now fail: success proves nothing was called.
    again = runner.run(book, fault_plan=ALWAYS_FAIL)
    assert again.success, failures(again)
    assert materialization(again, "page_audio")["items_skipped"] == 8
    assert materialization(again, "page_illustrations")["items_skipped"] == 4
    assert last_progress(again, "page_audio")["progress_ready"] == ""  # no new file to show
    assert materialization(again, "story")["status"] == "skipped_exists"
    assert {f: book.storage.get(f) for f in before} == before


def test_page_that_fails_twice_then_succeeds(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    plan = json.dumps({"speech": {"page_03_primary": 2}, "illustrator": {"page_02": 1}})
    result = runner.run(book, fault_plan=plan)
    assert result.success, failures(result)
    entries = book.audio_manifest().entries
    entry = next(e for e in entries if e.page_number == 3 and e.role == "primary")
    assert entry.status == "generated" and entry.attempt == 3
    pic = next(e for e in book.illustration_manifest().entries if e.page_number == 2)
    assert pic.attempt == 2


def test_page_that_always_fails_names_it_and_keeps_the_rest(runner, make_request):
    book = runner.new_book(make_request(page_count=5))
    result = runner.run(book, fault_plan=json.dumps({"illustrator": {"page_04": -1}}))
    assert not result.success
    failed = failures(result)
    assert "page_illustrations" in failed
    assert "page_04" in failed["page_illustrations"]
    assert "page_01" not in failed["page_illustrations"]
    im = book.illustration_manifest()
    by_page = {e.page_number: e for e in im.entries if e.asset_type == "page"}
    assert by_page[4].status == "failed" and "injected fault" in by_page[4].error
    assert by_page[4].path is None and not book.exists("illustrations/page_04.png")
    # The step was retried by its RetryPolicy: the retry skipped the finished pages.
    assert all(by_page[p].status in ("generated", "skipped_exists") for p in (1, 2, 3, 5))
    assert all(book.exists(f"illustrations/page_{p:02d}.png") for p in (1, 2, 3, 5))
    retries = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY
        and e.step_key == "page_illustrations"
    ]
    assert len(retries) == 2  # RetryPolicy.max_retries
    assert book.audio_manifest().generated == 10  # audio is independent of illustrations


def test_a_page_another_run_made_after_a_failure_is_described_from_its_file(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    plan = json.dumps({"illustrator": {"page_02": -1}, "speech": {"page_02_secondary": -1}})
    assert not runner.run(book, fault_plan=plan).success
    # A second run of the partition (an operator's repair) writes the files, but this run's
    # manifest still holds the failed entries when it next runs: it must describe the files.
    pic, wav = "illustrations/page_02.png", "audio/02_english/page_02_secondary.wav"
    assert not book.exists(pic) and not book.exists(wav)
    book.put(pic, book.get("illustrations/page_01.png"), "image/png")
    book.put(wav, book.get("audio/02_english/page_01_secondary.wav"), "audio/wav")
    again = runner.run(book, fault_plan=ALWAYS_FAIL)  # any provider call would fail
    assert again.success, failures(again)
    page = next(e for e in book.illustration_manifest().entries if e.page_number == 2)
    assert (page.status, page.path, page.error) == ("skipped_exists", pic, None)
    assert page.sha256 == hashlib.sha256(book.get(pic)).hexdigest()
    [speech] = [e for e in book.audio_manifest().entries if e.path == wav]
    assert speech.status == "skipped_exists" and speech.duration_s > 0.3
    assert speech.sha256 == hashlib.sha256(book.get(wav)).hexdigest()


def test_forced_regeneration_of_chosen_pages(runner, make_request):
    book = runner.new_book(make_request(page_count=5))
    assert runner.run(book).success
    old = book.illustration_manifest()
    config = {"ops": {"page_illustrations": {"config": {"pages": [2, 4], "force": True}}}}
    result = runner.run(book, selection=["page_illustrations"], run_config=config)
    assert result.success, failures(result)
    meta = materialization(result, "page_illustrations")
    assert (meta["items_generated"], meta["items_skipped"]) == (2, 0)
    new = book.illustration_manifest()
    assert new.total_tasks == old.total_tasks == 6  # other entries are kept, not dropped
    changed = {
        e.page_number
        for e, o in zip(new.entries, old.entries, strict=True)
        if e.status == "generated" and o.status == "generated" and e.elapsed_ms != o.elapsed_ms
    }
    untouched = {e.page_number for e in new.entries if e.status == "generated"}
    assert {2, 4} <= untouched
    assert changed <= {2, 4}


def test_page_selection_out_of_range_is_a_clear_error(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book, selection=["story"]).success
    config = {"ops": {"page_audio": {"config": {"pages": [9], "force": True}}}}
    result = runner.run(book, selection=["page_audio"], run_config=config)
    assert not result.success
    assert "pages [9] do not exist" in failures(result)["page_audio"]


def test_unsupported_language_is_refused_up_front(runner, make_request):
    book = runner.new_book(make_request(secondary_lang="Japanese"))
    result = runner.run(book, selection=["story"])
    assert not result.success
    message = failures(result)["story"]
    assert "Korean" in message and "English" in message and "Japanese" in message
    assert not book.exists(STORY)
    # Not retryable: exactly one attempt.
    starts = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_START]
    assert len(starts) == 1


def test_missing_request_is_a_clear_error(runner, make_request):
    book = runner.new_book(make_request())
    book.storage.delete_prefix(book.story_id)
    result = runner.run(book, selection=["story"])
    assert "no request recorded" in failures(result)["story"]


def test_disabled_outputs_are_not_generated(runner, make_request):
    request = make_request(page_count=4, generation={"enable_tts": False, "enable_cover": False})
    book = runner.new_book(request)
    result = runner.run(book)
    assert result.success, failures(result)
    names = files(book)
    assert not any("/audio/" in n for n in names)
    assert not book.exists(COVER)
    assert sum("/illustrations/page_" in n for n in names) == 4
    assert materialization(result, "page_audio")["enabled"] is False


def test_cover_preview_is_inline(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    result = runner.run(book, selection=["story", "cover_illustration"])
    assert result.success, failures(result)
    preview = materialization(result, "cover_illustration")["preview"]
    assert "data:image/jpeg;base64," in preview and "###" in preview

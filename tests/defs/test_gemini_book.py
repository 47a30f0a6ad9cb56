"""A whole book through Dagster with the Gemini providers, against the local emulator."""

import json

import dagster as dg
import httpx
import pytest

from emulators.gemini import EmulatorConfig
from emulators.gemini.server import running_emulator
from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS
from tests.defs.test_book import failures, last_progress, materialization

TTS, IMAGE, STORY = DEFAULT_MODELS["tts"], DEFAULT_MODELS["image"], DEFAULT_MODELS["story"]


@pytest.fixture
def gemini(tmp_path):
    with running_emulator(EmulatorConfig(seed=3)) as (base_url, _emu):
        yield (
            base_url,
            {
                "gemini_api_key": "emulator-key",
                "gemini_base_url": base_url,
                "pacing_path": str(tmp_path / "pace.db"),
                "gemini_rpm": json.dumps({TTS: 100, IMAGE: 300}),
            },
        )


def stats(base_url: str) -> dict:
    models = httpx.get(f"{base_url}/_emulator/stats").json()["models"]
    return {m: v["requests"] for m, v in models.items()}


def test_24_page_book_with_gemini_in_at_most_eight_tts_requests(runner, make_request, gemini):
    """On realistic speech (noise floor, breaths, uneven pauses: the emulator's default) the
    split keeps what verifies and asks again only for the rest."""
    base_url, settings = gemini
    book = runner.new_book(make_request(page_count=24))
    result = runner.run(book, settings=settings)
    assert result.success, failures(result)
    requests = stats(base_url)
    # The story, then one vision review a picture by the picture quality check.
    assert (requests[STORY], requests[IMAGE]) == (1 + 25, 25)
    assert 6 <= requests[TTS] <= 8, requests
    checks = {e.check_name: e.metadata for e in result.get_asset_check_evaluations()}
    looked = checks["picture_quality"]["checks_ran"].value
    assert "key_objects_drawn" in looked and "character_matches_cover" in looked
    # Transcription is optional (MORETALE_QUALITY_TRANSCRIBE): the metadata says it did not run.
    assert "transcription_matches" in checks["narration_quality"]["checks_not_run"].value
    manifest = book.audio_manifest()
    assert manifest.generated == 48 and {e.model for e in manifest.entries} == {TTS}
    assert {e.provider for e in manifest.entries} == {"gemini"}
    assert materialization(result, "page_audio")["tts_batches"] == 6
    # Pages narrated in a batch are counted once, not again when the per-page pass skips them.
    progress = last_progress(result, "page_audio")
    assert (progress["progress_done"], progress["progress_total"]) == (48, 48)
    assert len(progress["progress_ready"].split(",")) == 48
    assert book.illustration_manifest().generated == 25
    assert materialization(result, "story")["provider"] == "gemini"


def test_unverifiable_split_is_halved_not_redone_page_by_page(runner, make_request, gemini):
    base_url, settings = gemini
    book = runner.new_book(make_request(page_count=8))
    httpx.post(
        f"{base_url}/_emulator/faults",
        json={"faults": [{"model": TTS, "fault": "split_unverifiable", "count": 1}]},
    )
    result = runner.run(book, selection=["story", "page_audio"], settings=settings)
    assert result.success, failures(result)
    meta = materialization(result, "page_audio")
    assert (meta["tts_batches"], meta["tts_batch_fallbacks"]) == (2, 0), meta
    # Two batches of four; the one whose reply had no pauses is asked again, never as four
    # single pages: as two halves of two when none of its passages verified (one half may need a
    # further half on realistic audio), or as one request for the rest when the splitter still
    # verified some by their content (seen once in CI: 3 requests in all).
    assert 2 + 1 <= stats(base_url)[TTS] < 2 + 4
    assert book.audio_manifest().generated == 16


def failure_metadata(result, step: str) -> dict:
    for ev in result.all_events:
        if ev.event_type == dg.DagsterEventType.STEP_FAILURE and ev.step_key == step:
            data = ev.step_failure_data.user_failure_data
            return {k: v.value for k, v in data.metadata.items()}
    raise AssertionError(f"{step} did not fail")


def test_day_quota_and_image_safety_in_a_book(runner, make_request, tmp_path):
    """TTS runs out for the day after one request: the step fails those pages with the cause,
    and its metadata shows the block and when the quota resets. The cover's safety block is
    healed by a rewording that the manifest records."""
    cfg = EmulatorConfig(seed=3, models={TTS: {"rpd": 1}})
    with running_emulator(cfg) as (base_url, _emu):
        settings = {
            "gemini_api_key": "emulator-key",
            "gemini_base_url": base_url,
            "pacing_path": str(tmp_path / "pace.db"),
        }
        httpx.post(
            f"{base_url}/_emulator/faults",
            json={"faults": [{"model": IMAGE, "fault": "safety_block", "count": 1}]},
        )
        book = runner.new_book(make_request(page_count=4))
        result = runner.run(book, settings=settings)
        used = stats(base_url)
    assert not result.success
    meta = failure_metadata(result, "page_audio")
    assert "resets at" in meta["quota_block"] and "Pacific" in meta["quota_block"]
    assert {g["cause"] for g in meta["failure_causes"]} == {"quota"}
    audio = book.audio_manifest()
    failed = [e for e in audio.entries if e.status == "failed"]
    assert failed and {e.cause for e in failed} == {"quota"}
    assert all("DAILY_QUOTA_EXHAUSTED" in (e.error or "") for e in failed)
    # One request spent the day's quota, one got the 429: then no more requests to TTS.
    assert used[TTS] == 2
    cover = next(e for e in book.illustration_manifest().entries if e.asset_type == "cover")
    assert cover.status == "generated" and cover.rewording == "gentle"
    assert cover.sent_prompt and cover.sent_prompt.startswith("A gentle") and cover.prompt
    assert book.illustration_manifest().generated == 5  # pictures are not held by narration


def test_narration_and_pictures_of_one_book_overlap(runner, make_request, tmp_path, monkeypatch):
    """Remote providers: the job's steps run side by side (multiprocess executor), so the
    pictures are drawn while the paced narration is still being recorded."""
    from tests.defs.book_job_env import book_job_from_env

    cfg = EmulatorConfig(seed=3, models={TTS: {"latency_ms": 2500}, IMAGE: {"latency_ms": 500}})
    with running_emulator(cfg) as (base_url, _emu):
        for name, value in {
            "MORETALE_GEMINI_API_KEY": "emulator-key",
            "MORETALE_GEMINI_BASE_URL": base_url,
            "MORETALE_STORAGE_ROOT": str(runner.root),
            "MORETALE_PACING_PATH": str(tmp_path / "pace.db"),
            "MORETALE_TTS_BATCH_PAGES": "2",
        }.items():
            monkeypatch.setenv(name, value)
        book = runner.new_book(make_request(page_count=4))
        result = dg.execute_job(
            dg.reconstructable(book_job_from_env),
            instance=runner.instance,
            tags={"dagster/partition": book.story_id},
        )
        events = runner.instance.all_logs(result.run_id)
    assert result.success
    span: dict[str, list[float]] = {}
    for e in events:
        if e.dagster_event and e.dagster_event.event_type_value in ("STEP_START", "STEP_SUCCESS"):
            span.setdefault(e.dagster_event.step_key, []).append(e.timestamp)
    (audio_start, audio_end), (cover_start, cover_end) = (
        span["page_audio"],
        span["cover_illustration"],
    )
    # The cover was drawn while the narration step ran (one after the other, it would start
    # after the narration step ended, or end before it started).
    assert cover_start < audio_end and audio_start < cover_end, span

"""The whole book through the real stack: webserver + daemon + queued runs, over GraphQL."""

import time

from dagster import DagsterRunStatus

from devstack.books import create_book, wait_run
from moretale_assets.lib import audio
from moretale_assets.lib.book import Book
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.storage import LocalStorage
from tests.integration.conftest import set_faults

ASSETS = ["story", "page_audio", "cover_illustration", "page_illustrations"]


def test_24_page_book_through_the_real_stack(stack, make_request):
    storage = LocalStorage(stack.outputs)
    client = stack.client()
    story_id, run_id = create_book(client, storage, make_request(page_count=24))
    assert wait_run(client, run_id, timeout=180) == DagsterRunStatus.SUCCESS
    book = Book(storage, story_id)
    names = [k.split("/", 1)[1] for k in storage.list(story_id)]
    wavs = [n for n in names if n.endswith(".wav")]
    pngs = [n for n in names if n.startswith("illustrations/page_")]
    assert len(wavs) == 48 and len(pngs) == 24
    assert {
        "story.json",
        "request.json",
        "illustrations/cover.png",
        "audio/manifest.json",
        "illustrations/manifest.json",
    } <= set(names)
    assert all(audio.is_valid_speech(book.get(w)) for w in wavs[:4])
    assert is_valid_png(book.get("illustrations/cover.png"))
    for asset in ASSETS:
        assert story_id in client.partition_statuses(asset)["materialized"], asset


def test_failed_page_shows_failed_then_a_ui_backfill_completes_only_it(stack, make_request):
    storage = LocalStorage(stack.outputs)
    client = stack.client()
    set_faults(stack, {"illustrator": {"page_03": -1}})
    story_id, run_id = create_book(client, storage, make_request(page_count=6))
    assert wait_run(client, run_id, timeout=180) == DagsterRunStatus.FAILURE
    assert story_id in client.partition_statuses("page_illustrations")["failed"]
    assert story_id in client.partition_statuses("page_audio")["materialized"]
    book = Book(storage, story_id)
    before = book.illustration_manifest()
    assert [e.page_number for e in before.entries if e.status == "failed"] == [3]
    kept = {k: storage.get(k) for k in storage.list(story_id) if k.endswith((".wav", ".png"))}

    set_faults(stack, {})  # the outage is over
    backfill_id = client.launch_backfill([story_id], ASSETS)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        bf = client.backfill(backfill_id)
        if (
            bf.status not in ("REQUESTED",)
            and bf.runs
            and all(s in ("SUCCESS", "FAILURE", "CANCELED") for _, s in bf.runs)
        ):
            break
        time.sleep(1)
    assert bf.runs and all(s == "SUCCESS" for _, s in bf.runs), bf
    after = book.illustration_manifest()
    statuses = {e.page_number: e.status for e in after.entries if e.asset_type == "page"}
    assert statuses == {
        1: "skipped_exists",
        2: "skipped_exists",
        3: "generated",
        4: "skipped_exists",
        5: "skipped_exists",
        6: "skipped_exists",
    }
    assert book.audio_manifest().generated == 0  # nothing re-spoken
    assert all(storage.get(k) == v for k, v in kept.items())  # finished files untouched
    assert story_id in client.partition_statuses("page_illustrations")["materialized"]
    assert story_id not in client.partition_statuses("page_illustrations")["failed"]

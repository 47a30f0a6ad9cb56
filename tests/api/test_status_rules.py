"""Issue 17's pure rules: what a story says about failures, cancels and retried steps."""

from api.catalog.status import failure_message, fold_progress, keep_forward, story_status

ALL = {"story": True, "page_audio": True, "cover_illustration": True, "page_illustrations": True}


def test_failures_name_the_pages():
    failed = [
        {"page_number": 4, "failed": ["illustration"]},
        {"page_number": 9, "failed": ["audio_primary"]},
    ]
    assert failure_message(failed, True, ["Exceeded max_retries of 2"]) == (
        "completed with 2 failed pages: page_04, page_09"
    )
    cover = [{"page_number": 0, "failed": ["cover"]}]
    assert failure_message(cover, True, []) == "completed with 1 failed page: cover"
    assert failure_message([], False, [None, "story writer failed"]) == "story writer failed"


def test_a_run_being_canceled_is_not_canceled_yet():
    # It may still complete; "canceled" only once Dagster says CANCELED.
    assert story_status("CANCELING", True) == "running"
    assert story_status("CANCELED", True) == "canceled"


def test_progress_of_one_run_never_goes_backwards_across_a_step_retry():
    first_try = [
        ("step_start", "page_audio", {}),
        ("observation", "page_audio", {"progress_done": 10, "progress_total": 12}),
    ]
    before = fold_progress(first_try, "STARTED", ALL)
    retried = [
        *first_try,
        ("step_retry", "page_audio", {}),
        ("step_start", "page_audio", {}),
        ("observation", "page_audio", {"progress_done": 2, "progress_total": 12}),
    ]
    raw = fold_progress(retried, "STARTED", ALL)
    assert raw["percent"] < before["percent"]  # what the folding alone would show
    kept = keep_forward(before, raw)
    assert kept["percent"] == before["percent"]
    assert kept["assets"]["page_audio"]["done"] == 10

"""A book's quality in the API result, kept in step with the checks however they run: after the
book's own run, after checks re-run from the Dagster UI, after the redo sensor's run."""

import time

import httpx

from moretale_assets.lib import contract
from moretale_assets.lib.storage import LocalStorage
from tests.api.conftest import blank_page, book, launch_check, wait_for

CHECKS = {contract.STORY_QUALITY, contract.NARRATION_QUALITY, contract.PICTURE_QUALITY}


def poll_result(api: httpx.Client, sid: str, until, timeout: float) -> tuple[dict, float]:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        result = api.get(f"/api/stories/{sid}/result").json()
        if until(result):
            return result, time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"not seen after {timeout} s: {result['quality']}")


def test_quality_follows_checks_rerun_in_dagster_and_the_redo_of_failing_pages(api, api_stack):
    sid = api.post("/api/stories/", json=book(page_count=4)).json()["id"]
    assert wait_for(api, sid)["status"] == "completed"
    result = api.get(f"/api/stories/{sid}/result").json()
    quality = result["quality"]
    assert {c["name"] for c in quality["checks"]} == CHECKS
    assert quality["status"] in ("pass", "warn") and quality["score"] > 0.5, quality
    assert all(p["quality"]["status"] in ("pass", "warn") for p in result["pages"])
    assert all(p["redone_by_checks"] == [] for p in result["pages"])
    runs = {c["name"]: c["run_id"] for c in quality["checks"]}

    # An operator re-runs the picture check from the Dagster UI after page 2 went blank.
    storage = LocalStorage(api_stack.stack.outputs)
    blank_page(storage, sid, 2)
    run_id = launch_check(api_stack.stack.url, sid, contract.PICTURE_QUALITY)

    def page2_fails(r: dict) -> bool:
        return r["pages"][1]["quality"]["status"] == "fail"

    result, seconds = poll_result(api, sid, page2_fails, timeout=60)
    seen_at = time.time()
    pictures = next(c for c in result["quality"]["checks"] if c["name"] == "picture_quality")
    assert pictures["run_id"] == run_id and pictures["run_id"] != runs["picture_quality"]
    assert result["quality"]["status"] == "fail"
    assert any(r.startswith("not_blank: blank") for r in result["pages"][1]["quality"]["reasons"])
    assert result["pages"][0]["quality"]["status"] != "fail"
    assert wait_for(api, sid)["status"] == "completed"
    # Seconds from the check step's end in Dagster to the result saying so (negative: seen
    # before the step ended, from the evaluation event); the rest of `seconds` is the run's
    # launch (queue, run worker start).
    steps = api_stack.stack.client().run_timing(run_id)["stepStats"]
    check_end = max(s["endTime"] for s in steps if "picture_quality" in s["stepKey"])
    print(f"quality_seen_after_launch_s: {seconds:.2f}")
    print(f"quality_seen_after_check_end_s: {seen_at - check_end:.2f}")
    assert seen_at - check_end < 10

    # A repair of page 2 keeps the file (valid, the one recorded); the book run's check fails
    # it, and the redo sensor has it drawn again, once; the result says so.
    r = api.post(f"/api/stories/{sid}/illustrations", json={"pages": [2]})
    assert r.status_code == 202, r.text

    def redone(r: dict) -> bool:
        return bool(r["pages"][1]["redone_by_checks"]) and r["status"] == "completed"

    result, _ = poll_result(api, sid, redone, timeout=180)
    (redo,) = result["pages"][1]["redone_by_checks"]
    assert redo["item"] == "illustration" and redo["attempt"] == 1
    assert redo["reason"].startswith("not_blank: blank")
    assert redo["of_run"] not in (run_id, runs["picture_quality"])
    # The redo run's checks passed the new drawing: the page is no longer failing.
    result, _ = poll_result(api, sid, lambda r: not page2_fails(r), timeout=60)
    assert result["quality"]["status"] in ("pass", "warn")
    assert all(p["redone_by_checks"] == [] for p in result["pages"] if p["page_number"] != 2)

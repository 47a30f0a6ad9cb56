"""Create, follow, read, regenerate, cancel and delete books through the real API."""

import hashlib
import json
import time

import httpx

from moretale_assets.lib.storage import LocalStorage
from tests.api.conftest import book, wait_for


def test_create_poll_result_and_every_url_downloads(api, api_stack):
    created = api.post("/api/stories/", json=book(page_count=6))
    assert created.status_code == 202, created.text
    body = created.json()
    assert body["status"] == "queued"
    assert body["status_url"] == f"/api/stories/{body['id']}"
    assert body["result_url"] == f"/api/stories/{body['id']}/result"
    story = wait_for(api, body["id"])
    assert story["status"] == "completed" and story["error"] is None
    assert story["progress"]["percent"] == 100
    assert story["request"]["primary_lang"] == "Korean"
    result = api.get(body["result_url"]).json()
    assert result["status"] == "completed"
    assert result["meta"]["page_count"] == 6 and len(result["pages"]) == 6
    assert result["assets"]["tts"]["generated"] == 12
    assert result["assets"]["illustrations"]["generated"] == 6
    assert result["assets"]["cover"]["has_cover"] and not result["assets"]["has_partial_failures"]
    storage = LocalStorage(api_stack.stack.outputs)
    urls = [result["story_json_url"], result["assets"]["cover"]["url"]]
    for p in result["pages"]:
        assert p["audio_primary_status"] == "generated" and p["illustration_status"] == "generated"
        urls += [p["audio_primary_url"], p["audio_secondary_url"], p["illustration_url"]]
    assert len(urls) == 2 + 18
    for url in urls:
        assert url.startswith(f"/static/outputs/{body['id']}/")  # root-relative, documented
        got = api.get(url)
        assert got.status_code == 200, url
        key = url.removeprefix("/static/outputs/")
        assert hashlib.sha256(got.content).digest() == hashlib.sha256(storage.get(key)).digest()


def test_result_is_409_before_the_story_exists(api, api_stack):
    api_stack.faults({"story_writer": {"*": {"delay_ms": 1500}}})
    sid = api.post("/api/stories/", json=book()).json()["id"]
    early = api.get(f"/api/stories/{sid}/result")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "STORY_NOT_READY"
    assert wait_for(api, sid)["status"] == "completed"


def test_progress_moves_during_a_run_and_sse_follows_it(api, api_stack):
    api_stack.faults({"speech": {"*": {"delay_ms": 60}}, "illustrator": {"*": {"delay_ms": 60}}})
    sid = api.post("/api/stories/", json=book(page_count=12)).json()["id"]
    events = []
    with api.stream("GET", f"/api/stories/{sid}/events", timeout=120) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
    assert events[-1]["status"] == "completed"
    percents = [e["progress"]["percent"] for e in events if e["progress"]]
    stages = {e["progress"]["stage"] for e in events if e["progress"]}
    assert len([p for p in percents if 0 < p < 100]) >= 2, percents
    assert percents == sorted(percents)
    assert {"page_audio", "page_illustrations"} <= stages


def test_pages_arrive_one_by_one_while_the_book_is_being_drawn(api, api_stack):
    # Pages 1-3 draw at once; the rest take a while, so the step is still running.
    api_stack.faults({"illustrator": {"page_0[4-6]": {"delay_ms": 3000}}})
    sid = api.post("/api/stories/", json=book(page_count=6)).json()["id"]
    deadline = time.monotonic() + 120
    while True:
        assert time.monotonic() < deadline, "no page arrived before the end of the run"
        result = api.get(f"/api/stories/{sid}/result")
        if result.status_code == 200:
            body = result.json()
            assert body["status"] != "completed", "the run ended before any page was seen early"
            early = [p for p in body["pages"] if p["illustration_url"]]
            if early:
                break
        time.sleep(0.1)
    assert {p["page_number"] for p in early} <= {1, 2, 3}
    assert all(p["illustration_status"] == "generated" for p in early)
    assert body["pages"][5]["illustration_status"] == "pending"
    picture = api.get(early[0]["illustration_url"])
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
    assert wait_for(api, sid)["status"] == "completed"
    done = api.get(f"/api/stories/{sid}/result").json()["pages"]
    assert all(p["illustration_url"] for p in done)


def test_batch_of_five_as_json_and_as_jsonl_upload(api):
    themes = ("friendship", "the sea", "space", "rain", "kindness")  # themes the writer knows
    bodies = [book(child_name=f"Kid{i}", theme=t) for i, t in enumerate(themes)]
    created = api.post("/api/stories/batch", json={"stories": bodies})
    assert created.status_code == 202, created.text
    ids = [s["id"] for s in created.json()["stories"]]
    assert len(set(ids)) == 5
    jsonl = "\n".join(json.dumps(b) for b in bodies[:2]).encode()
    uploaded = api.post("/api/stories/batch", files={"file": ("set.jsonl", jsonl)})
    assert uploaded.status_code == 202, uploaded.text
    ids += [s["id"] for s in uploaded.json()["stories"]]
    for sid in ids:
        assert wait_for(api, sid, timeout=240)["status"] == "completed"


def test_batch_is_all_or_nothing(api):
    before = api.get("/api/stories/", params={"limit": 100}).json()["items"]
    bad = [book(), book(page_count=99), book(primary_lang="Klingon")]
    r = api.post("/api/stories/batch", json={"stories": bad})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR"
    assert [d["index"] for d in err["detail"]] == [1, 2]
    broken = api.post(
        "/api/stories/batch",
        content=b'{"child_name": "A"\n{',
        headers={"content-type": "application/x-ndjson"},
    )
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "INVALID_JSONL"
    after = api.get("/api/stories/", params={"limit": 100}).json()["items"]
    assert len(after) == len(before)


def test_partial_failure_is_completed_with_failed_pages_then_regenerate(api, api_stack):
    api_stack.faults({"illustrator": {"page_02": -1}})
    sid = api.post("/api/stories/", json=book()).json()["id"]
    story = wait_for(api, sid, timeout=180)
    assert story["status"] == "completed"
    assert story["result"]["has_partial_failures"] is True
    assert story["result"]["failed_pages"] == [{"page_number": 2, "failed": ["illustration"]}]
    assert story["error"]["code"] == "PARTIAL_FAILURE" and "page_02" in story["error"]["message"]
    result = api.get(f"/api/stories/{sid}/result").json()
    page2 = result["pages"][1]
    assert page2["illustration_url"] is None and page2["illustration_status"] == "failed"
    assert "injected fault" in page2["illustration_error"]
    # The step's retries skipped pages finished by the first try.
    assert result["pages"][0]["illustration_status"] in ("generated", "skipped_exists")

    api_stack.faults({})  # the outage is over: a repair (the default) redoes only page 2
    again = api.post(f"/api/stories/{sid}/illustrations", json={})
    assert again.status_code == 202, again.text
    assert again.json()["assets"] == ["cover_illustration", "page_illustrations"]
    story = wait_for(api, sid, timeout=120)
    assert story["status"] == "completed" and not story["result"]["has_partial_failures"]
    result = api.get(f"/api/stories/{sid}/result").json()
    # Only the regeneration drew page 2: the production instance re-runs a run only when its
    # worker died, never after a step failure (a second run would race this one).
    assert result["pages"][1]["illustration_status"] == "generated"
    assert result["pages"][1]["illustration_url"] is not None
    assert result["pages"][0]["illustration_status"] == "skipped_exists"
    assert {p["illustration_status"] for p in result["pages"][2:]} == {"skipped_exists"}
    assert result["assets"]["cover"]["status"] == "skipped_exists"


def test_story_error_lists_every_cause_with_its_pages(api, api_stack):
    api_stack.faults(
        {
            "illustrator": {"page_02": {"fail": -1, "code": "SAFETY_BLOCKED"}},
            "speech": {"page_0[34]_*": {"fail": -1, "code": "DAILY_QUOTA_EXHAUSTED"}},
        }
    )
    try:
        sid = api.post("/api/stories/", json=book()).json()["id"]
        story = wait_for(api, sid, timeout=180)
    finally:
        api_stack.faults({})
    err = story["error"]
    assert err["code"] == "PARTIAL_FAILURE"
    by = {c["cause"]: c for c in err["detail"]["causes"]}
    assert set(by) == {"quota", "safety"}
    assert by["quota"]["pages"] == [3, 4] and len(by["quota"]["items"]) == 4
    assert by["safety"]["pages"] == [2] and "SAFETY_BLOCKED" in by["safety"]["example"]
    assert "quota: 4 item(s) on page(s) 3, 4" in err["message"]
    assert "safety: 1 item(s) on page(s) 2" in err["message"]
    entries = LocalStorage(api_stack.stack.outputs).get(f"{sid}/audio/manifest.json")
    failed = [e for e in json.loads(entries)["entries"] if e["status"] == "failed"]
    assert {e["cause"] for e in failed} == {"quota"}


def test_regenerate_one_page_of_narration(api, api_stack):
    sid = api.post("/api/stories/", json=book()).json()["id"]
    wait_for(api, sid)
    storage = LocalStorage(api_stack.stack.outputs)
    before = json.loads(storage.get(f"{sid}/audio/manifest.json"))
    r = api.post(f"/api/stories/{sid}/tts", json={"pages": [3], "force": True})
    assert r.status_code == 202 and r.json()["pages"] == [3]
    busy = api.post(f"/api/stories/{sid}/tts", json={"pages": [3]})
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "STORY_BUSY"
    wait_for(api, sid)
    after = json.loads(storage.get(f"{sid}/audio/manifest.json"))
    changed = {
        (e["page_number"], e["role"])
        for e, o in zip(after["entries"], before["entries"], strict=True)
        if e["elapsed_ms"] != o["elapsed_ms"]
    }
    assert changed == {(3, "primary"), (3, "secondary")}
    bad = api.post(f"/api/stories/{sid}/tts", json={"pages": [40]})
    assert bad.status_code == 422


def test_cancel_while_running(api, api_stack):
    # Slow enough that the run is still going when the cancel arrives, even on a busy machine.
    # The cover step too: a cancel landing there used to be retried away by Dagster.
    api_stack.faults(
        {"speech": {"*": {"delay_ms": 1500}}, "illustrator": {"*": {"delay_ms": 1500}}}
    )
    sid = api.post("/api/stories/", json=book(page_count=12)).json()["id"]
    wait_for(api, sid, statuses=("running",), timeout=60)
    r = api.post(f"/api/stories/{sid}/cancel")
    assert r.status_code == 200 and r.json() == {"id": sid, "status": "canceled"}
    story = wait_for(api, sid, timeout=60)
    assert story["status"] == "canceled"
    dagster = api_stack.stack.client()
    deadline = time.monotonic() + 60
    while (status := dagster.run_status(story["run_id"]).value) != "CANCELED":
        if time.monotonic() > deadline:
            events, _, _ = dagster.run_logs(story["run_id"], None)
            trail = [
                f"{e['__typename']}: {e.get('message', '')[:120]}"
                for e in events
                if e["__typename"] not in ("ObservationEvent", "ExecutionStepOutputEvent")
            ]
            raise AssertionError(f"run is {status}, not CANCELED:\n" + "\n".join(trail))
        time.sleep(0.5)
    again = api.post(f"/api/stories/{sid}/cancel")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "STORY_CANCEL_NOT_ALLOWED"


def test_delete_hides_the_story_and_keeps_files(api, api_stack):
    sid = api.post("/api/stories/", json=book()).json()["id"]
    wait_for(api, sid)
    # Read first: what the API has answered once must not outlive the delete.
    assert api.get(f"/api/stories/{sid}/result").status_code == 200
    listed = api.get("/api/stories/", params={"limit": 100}).json()["items"]
    assert sid in [s["id"] for s in listed]
    assert api.delete(f"/api/stories/{sid}").status_code == 204
    assert api.get(f"/api/stories/{sid}").status_code == 404
    assert api.get(f"/api/stories/{sid}/result").json()["error"]["code"] == "STORY_NOT_FOUND"
    listed = api.get("/api/stories/", params={"limit": 100}).json()["items"]
    assert sid not in [s["id"] for s in listed]
    assert (api_stack.stack.outputs / sid / "story.json").exists()
    assert api.delete(f"/api/stories/{sid}").status_code == 404


def test_idempotency_key(api):
    headers = {"Idempotency-Key": "order-42"}
    first = api.post("/api/stories/", json=book(child_name="Idem"), headers=headers)
    second = api.post("/api/stories/", json=book(child_name="Idem"), headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    other = api.post("/api/stories/", json=book(child_name="Other"), headers=headers)
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    wait_for(api, first.json()["id"])


def test_list_filters_and_cursor(api):
    ids = [
        api.post(
            "/api/stories/", json=book(child_name=n, primary_lang=pl, secondary_lang=sl)
        ).json()["id"]
        for n, pl, sl in (("Alpha", "en", "ko"), ("Beta", "ko", "en"), ("alphabet", "ko", "en"))
    ]
    for sid in ids:
        wait_for(api, sid)
    found = api.get("/api/stories/", params={"child_name": "ALPHA"}).json()["items"]
    assert {s["id"] for s in found} == {ids[0], ids[2]}
    en_first = api.get("/api/stories/", params={"primary_lang": "English"}).json()["items"]
    assert ids[0] in {s["id"] for s in en_first} and ids[1] not in {s["id"] for s in en_first}
    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/stories/", params=params).json()
        pages += [s["id"] for s in page["items"]]
        # A story created mid-pagination must not shift or repeat later pages.
        if cursor is None:
            api.post("/api/stories/", json=book(child_name="Late"))
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(pages) == len(set(pages))
    created = [
        s["created_at"] for s in api.get("/api/stories/", params={"limit": 100}).json()["items"]
    ]
    assert created == sorted(created, reverse=True)
    assert (
        api.get("/api/stories/", params={"cursor": "garbage"}).json()["error"]["code"]
        == "INVALID_CURSOR"
    )
    assert api.get("/api/stories/", params={"status": "completed"}).status_code == 200
    assert api.get("/api/stories/", params={"status": "weird"}).status_code == 422


def test_unsupported_language_for_the_offline_writer(api):
    r = api.post("/api/stories/", json=book(secondary_lang="ja"))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "UNSUPPORTED_LANGUAGE"
    assert "Korean" in r.json()["error"]["message"]


def test_a_theme_the_offline_writer_cannot_honour_is_refused(api):
    r = api.post("/api/stories/", json=book(theme="공룡"))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "UNSUPPORTED_THEME"
    assert "friendship (우정)" in error["message"] and "바다" in error["message"]


def test_health_needs_no_key(api_stack):
    with httpx.Client(base_url=api_stack.stack.api_url) as bare:
        assert bare.get("/healthz").json() == {"status": "ok", "checks": {}}
        ready = bare.get("/readyz")
        assert ready.status_code == 200 and all(ready.json()["checks"].values())

"""Nothing is lost when the API restarts mid-run; the catalog rebuilds from Dagster + storage."""

from devstack.book_runs import wait_run
from tests.api.conftest import book, wait_for


def _comparable(story: dict) -> dict:
    return {k: v for k, v in story.items() if k != "updated_at"}


def test_restart_api_mid_run_loses_nothing(api_stack):
    stack = api_stack.stack
    api_stack.faults({"speech": {"*": {"delay_ms": 100}}})
    with api_stack.client() as api:
        sid = api.post("/api/stories/", json=book(page_count=8)).json()["id"]
        wait_for(api, sid, statuses=("running",), timeout=60)
    stack.stop_api()
    run_id = None
    try:
        # The run goes on without the API; follow it through Dagster itself.
        runs = stack.client().runs_updated_after(0)
        run_id = next(
            r["runId"] for r in runs if {"key": "dagster/partition", "value": sid} in r["tags"]
        )
        assert wait_run(stack.client(), run_id, timeout=120).value == "SUCCESS"
    finally:
        api_stack.faults({})
        stack.start_api()
    with api_stack.client() as api:
        story = wait_for(api, sid, timeout=30)
        assert story["status"] == "completed" and story["run_id"] == run_id
        assert api.get(f"/api/stories/{sid}/result").json()["assets"]["tts"]["generated"] == 16


def test_catalog_rebuild_gives_the_same_answers(api_stack):
    stack = api_stack.stack
    with api_stack.client() as api:
        sid = api.post("/api/stories/", json=book(child_name="Rebuild")).json()["id"]
        wait_for(api, sid)
        gone = api.post("/api/stories/", json=book(child_name="Gone")).json()["id"]
        wait_for(api, gone)
        api.delete(f"/api/stories/{gone}")
        listing = api.get("/api/stories/", params={"limit": 100}).json()["items"]
        detail = api.get(f"/api/stories/{sid}").json()
        result = api.get(f"/api/stories/{sid}/result").json()
    stack.stop_api()
    stack.catalog_path.unlink()
    stack.start_api()
    with api_stack.client() as api:
        wait_for(api, sid, timeout=60)
        rebuilt = api.get("/api/stories/", params={"limit": 100}).json()["items"]
        assert [_comparable(s) for s in rebuilt] == [_comparable(s) for s in listing]
        assert _comparable(api.get(f"/api/stories/{sid}").json()) == _comparable(detail)
        assert api.get(f"/api/stories/{sid}/result").json() == result
        assert api.get(f"/api/stories/{gone}").status_code == 404

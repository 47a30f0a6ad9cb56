"""The catalog repository behind the story routes, in process (real DuckDB, local storage, no
Dagster): the list pages by cursor, a read follows a write at once, and the 409s that quote a
story's status name it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.catalog.repository import stories as story_repo
from api.main import create_app
from tests.api.test_hardening import H, add_story, envelope, settings

pytestmark = pytest.mark.unit


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path)), raise_server_exceptions=False) as c:
        yield c


def test_the_list_pages_newest_first_and_hides_deleted_stories(client):
    catalog = client.app.state.catalog
    ids = [add_story(client.app) for _ in range(3)]
    # Newest first: by creation time, then by id (stories made in one instant).
    ids.sort(key=lambda i: (story_repo.get(catalog, i).created_at, i), reverse=True)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/stories/", params=params, headers=H).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    detail = client.get(f"/api/stories/{ids[0]}", headers=H).json()
    assert detail["status"] == "queued" and detail["result"] is None
    # Dagster is down: the soft delete cannot stop a run, and hides the story all the same.
    assert client.delete(f"/api/stories/{ids[0]}", headers=H).status_code == 204
    envelope(client.get(f"/api/stories/{ids[0]}", headers=H), 404, "STORY_NOT_FOUND")
    listed = client.get("/api/stories/", headers=H).json()["items"]
    assert [s["id"] for s in listed] == ids[1:]


def test_a_repair_of_a_queued_story_is_409_naming_its_status(client):
    sid = add_story(client.app)
    err = envelope(client.post(f"/api/stories/{sid}/repair", json={}, headers=H), 409)
    assert err["code"] == "STORY_BUSY" and err["message"].startswith("story is queued")


def test_a_cancel_of_a_finished_story_is_409_naming_its_status(client):
    sid = add_story(client.app)
    assert story_repo.mark_imported(client.app.state.catalog, sid) == []  # now completed
    err = envelope(client.post(f"/api/stories/{sid}/cancel", headers=H), 409)
    assert err["code"] == "STORY_CANCEL_NOT_ALLOWED"
    assert err["message"].startswith("story is completed")
    assert client.get(f"/api/stories/{sid}", headers=H).json()["status"] == "completed"


def test_a_repair_while_a_run_the_catalog_has_not_seen_is_active_is_409(client, monkeypatch):
    # A repair launched from the Dagster UI (or a backfill) is running; the catalog, which
    # learns of it on its next tick, still says canceled. The API must not launch a second run.
    sid = add_story(client.app)
    story_repo.mark_canceled(client.app.state.catalog, sid, {}, 1.0)
    dagster = client.app.state.dagster
    monkeypatch.setattr(
        dagster,
        "active_runs_for_partition",
        lambda story_id: [{"runId": "ui-run", "status": "STARTED"}] if story_id == sid else [],
    )

    def launch(*args, **kwargs):
        raise AssertionError("a second run was launched")

    monkeypatch.setattr(dagster, "launch", launch)
    err = envelope(client.post(f"/api/stories/{sid}/repair", json={}, headers=H), 409)
    assert err["code"] == "STORY_BUSY"
    assert err["detail"] == {"id": sid, "run_id": "ui-run", "run_status": "STARTED"}

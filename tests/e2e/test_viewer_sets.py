"""The library filtered by story set (issue 16)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.api.conftest import book, wait_for


def test_library_filters_by_set(tab, api):
    r = api.post("/api/sets/e2e-set/stories", json={"stories": [book(child_name="Setty")]})
    assert r.status_code == 202, r.text
    sid = r.json()["stories"][0]["id"]
    assert wait_for(api, sid, timeout=180)["status"] == "completed"
    api.post("/api/stories/", json=book(child_name="Loose"))  # not in the set

    page = tab.page
    tab.goto("/")
    page.get_by_label("Story set").fill("e2e-set")
    page.get_by_role("button", name="Search").click()
    cards = page.locator(".book-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-id", sid)
    assert "set=e2e-set" in page.url
    tab.goto("/?set=no-such-set")
    expect(cards).to_have_count(0)

"""The book page shows the quality checks: a badge with the book's verdict and score, and on a
page that fails, the reasons; once the checks have had the page redone, it says so."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from moretale_assets.lib import contract
from moretale_assets.lib.storage import LocalStorage
from tests.api.conftest import blank_page, book, launch_check, wait_for
from tests.e2e.conftest import poll


def test_quality_badge_reasons_and_redone_page(tab, stack, api):
    sid = api.post("/api/stories/", json=book(child_name="Yuna", page_count=4)).json()["id"]
    assert wait_for(api, sid, timeout=180)["status"] == "completed"
    page = tab.page
    tab.goto(f"/books/{sid}")
    badge = page.locator("#quality-badge .badge-quality")
    expect(badge).to_have_text(re.compile(r"^Checks (passed|: warnings) · \d+%$"))
    score = api.get(f"/api/stories/{sid}/result").json()["quality"]["score"]
    expect(badge).to_contain_text(f"{round(score * 100)}%")

    # Page 2's picture goes blank; an operator re-runs the picture check in Dagster.
    blank_page(LocalStorage(stack.stack.outputs), sid, 2)
    launch_check(stack.stack.url, sid, contract.PICTURE_QUALITY)
    poll(lambda: api.get(f"/api/stories/{sid}/result").json()["quality"]["status"] == "fail", 120)
    tab.goto(f"/books/{sid}#page-2")
    page.reload()  # a hash change alone does not read the book again
    expect(badge).to_have_attribute("data-quality", "fail")
    expect(badge).to_contain_text("Checks failed")
    note = page.locator('.leaf[data-page="2"] .quality-note')
    expect(note).to_be_visible()
    expect(note).to_have_attribute("data-quality", "fail")
    expect(note.locator(".quality-reasons li").first).to_contain_text("not_blank: blank")
    expect(page.locator('.leaf[data-page="3"] .quality-note[data-quality="fail"]')).to_have_count(0)
    tab.shot("quality-failed-page", full_page=True)

    # A repair of page 2 keeps the blank file; the book run's check fails it and the redo
    # sensor has it drawn again. The page then says what the checks redid and why.
    assert wait_for(api, sid)["status"] == "completed"  # the check's run has ended
    assert api.post(f"/api/stories/{sid}/illustrations", json={"pages": [2]}).status_code == 202

    def redone() -> bool:
        r = api.get(f"/api/stories/{sid}/result").json()
        return r["status"] == "completed" and bool(r["pages"][1]["redone_by_checks"])

    poll(redone, timeout=240, every=0.5)
    page.reload()
    expect(badge).not_to_have_attribute("data-quality", "fail")
    redo = page.locator('.leaf[data-page="2"] .quality-redone[data-item="illustration"]')
    expect(redo).to_contain_text("The picture was made again by the quality checks")
    expect(redo).to_contain_text("not_blank: blank")
    expect(page.locator('.leaf[data-page="2"] .quality-note[data-quality="fail"]')).to_have_count(0)

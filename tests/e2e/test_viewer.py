"""The book viewer in a real browser: library, book, narration, print, live progress, repair."""

from __future__ import annotations

import json
import re
import time

import httpx
from playwright.sync_api import expect

from moretale_assets.lib.contract import ASSET_NAMES
from tests.api.conftest import KEY, book
from tests.e2e.conftest import Tab, poll

IMAGE_LOADED = "(img) => !!img && img.complete && img.naturalWidth > 0"


def loaded_images(tab: Tab, selector: str) -> int:
    return tab.page.eval_on_selector_all(
        selector, "(imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length"
    )


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF that Chromium (Skia) wrote."""
    assert pdf.startswith(b"%PDF-")
    count = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    sizes = [(float(w), float(h)) for w, h in boxes]
    assert len(sizes) == count, (count, sizes)
    return sizes


def test_library_asks_for_the_key_then_lists_searches_and_pages(keyless_tab, books, api):
    tab = keyless_tab
    page = tab.page
    tab.goto("/?limit=2")
    key = page.get_by_label("API key")
    expect(key).to_be_visible()
    expect(page.locator("#library")).to_be_hidden()

    key.fill("not-the-key")
    key.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("not accepted")
    page.get_by_label("API key").fill(KEY)
    page.get_by_role("button", name="Continue").click()

    newest = api.get("/api/stories/", params={"limit": 100}).json()["items"]
    cards = page.locator(".book-card")
    expect(cards).to_have_count(2)
    assert page.evaluate("sessionStorage.getItem('moretale.apiKey')") == KEY
    assert KEY not in page.url
    # Newest first, as the API lists them; "load more" follows the API's cursor.
    assert [cards.nth(i).get_attribute("data-id") for i in range(2)] == [
        s["id"] for s in newest[:2]
    ]
    more = page.get_by_role("button", name="Load more")
    while more.is_visible():
        more.click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('.book-card').length > n"
            " || document.getElementById('more').hidden",
            arg=cards.count() - 1,
        )
        page.wait_for_timeout(100)
    expect(cards).to_have_count(len(newest))
    assert [cards.nth(i).get_attribute("data-id") for i in range(len(newest))] == [
        s["id"] for s in newest
    ]

    good = page.locator(f'.book-card[data-id="{books["good"]}"]')
    title = next(s for s in newest if s["id"] == books["good"])
    expect(good.locator(".title-primary")).to_have_text(title["title_primary"])
    expect(good.locator(".title-primary")).to_have_attribute("lang", "ko")
    expect(good.locator(".title-secondary")).to_have_text(title["title_secondary"])
    expect(good.locator(".badge-completed")).to_have_text("Ready")
    page.wait_for_function(IMAGE_LOADED, arg=good.locator("img").element_handle())
    expect(good.locator("img")).to_have_attribute("alt", re.compile("^Cover of"))
    partial = page.locator(f'.book-card[data-id="{books["partial"]}"]')
    expect(partial.locator(".badge-partial")).to_be_visible()
    expect(good.locator(".badge-partial")).to_have_count(0)

    # Search by child name, then by language; the URL keeps the search for a reload.
    page.get_by_label("Child's name").fill("le")
    page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-id", books["other"])
    assert "child_name=le" in page.url
    page.get_by_label("Child's name").fill("")
    page.get_by_label("Main language").select_option("English")
    page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-id", books["other"])
    page.get_by_label("Main language").select_option("Korean")
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(len([s for s in newest if s["primary_lang"] == "Korean"]))
    page.get_by_role("button", name="Clear").click()
    expect(cards).to_have_count(2)

    tab.goto("/")  # the screenshot: every book, covers in
    expect(cards).to_have_count(len(newest))
    page.wait_for_function(
        "() => [...document.querySelectorAll('.book-card img')]"
        ".every((i) => i.complete && i.naturalWidth > 0)"
    )
    page.mouse.move(0, 0)
    tab.shot("library")

    page.get_by_role("button", name="Forget key").click()
    expect(page.get_by_label("API key")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('moretale.apiKey')") is None


def test_book_cover_pages_keyboard_and_narration(tab, books, api):
    page = tab.page
    result = api.get(f"/api/stories/{books['good']}/result").json()
    tab.goto(f"/books/{books['good']}")
    cover = page.locator('.leaf[data-page="0"]')
    expect(cover).to_be_visible()
    page.wait_for_function(IMAGE_LOADED, arg=cover.locator("img").element_handle())
    expect(cover.locator("h2")).to_have_text(result["meta"]["title_primary"])
    expect(page.locator("#where")).to_have_text("Cover")
    # Media come through object URLs: the key cannot be in an <img src>.
    assert cover.locator("img").get_attribute("src").startswith("blob:")
    # The Korean title is drawn with the bundled Noto Sans KR (this machine has no CJK font).
    page.wait_for_function(
        "() => [...document.fonts].some((f) => f.family.includes('Noto Sans KR')"
        " && f.status === 'loaded')"
    )
    assert page.evaluate("document.fonts.check('24px \"Noto Sans KR\"', '공')")

    page.keyboard.press("ArrowRight")
    expect(page.locator("#where")).to_have_text("Page 1 of 4")
    leaf = page.locator('.leaf[data-page="1"]')
    expect(leaf).to_be_visible()
    expect(cover).to_be_hidden()
    page.wait_for_function(IMAGE_LOADED, arg=leaf.locator("img.illustration").element_handle())
    first = result["pages"][0]
    expect(leaf.locator(".text-primary .story-text")).to_have_text(first["text_primary"])
    expect(leaf.locator(".text-primary .story-text")).to_have_attribute("lang", "ko")
    expect(leaf.locator(".text-secondary .story-text")).to_have_text(first["text_secondary"])
    assert page.url.endswith("#page-1")
    for key, where in [
        ("ArrowRight", "Page 2 of 4"),
        ("ArrowLeft", "Page 1 of 4"),
        ("End", "Page 4 of 4"),
        ("ArrowRight", "Page 4 of 4"),  # the last page stays
        ("Home", "Cover"),
        ("ArrowLeft", "Cover"),
        ("ArrowRight", "Page 1 of 4"),
    ]:
        page.keyboard.press(key)
        expect(page.locator("#where")).to_have_text(where)
    expect(page.locator(".leaf:not([hidden])")).to_have_count(1)
    page.get_by_role("button", name="Next page").click()
    expect(page.locator("#where")).to_have_text("Page 2 of 4")
    page.get_by_role("button", name="Previous page").click()
    expect(page.locator("#where")).to_have_text("Page 1 of 4")

    # A play button plays that language's narration.
    play = leaf.get_by_role("button", name="Play the Korean narration of page 1")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(
        "() => { const a = document.getElementById('player');"
        " return a.src.startsWith('blob:') && (a.currentTime > 0.2 || a.ended); }"
    )
    assert "page_01_primary" not in page.evaluate("document.getElementById('player').src")
    page.wait_for_timeout(300)
    tab.shot("book")
    play.click()  # pressing it again stops
    expect(play).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.getElementById('player').paused")

    # Space plays the page (primary, then secondary) when no button has the focus.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    expect(play).to_have_attribute("aria-pressed", "true")
    secondary = leaf.get_by_role("button", name="Play the English narration of page 1")
    expect(secondary).to_have_attribute("aria-pressed", "true", timeout=30_000)
    page.keyboard.press("Space")
    expect(secondary).to_have_attribute("aria-pressed", "false")


def test_read_aloud_goes_page_after_page(tab, books):
    page = tab.page
    tab.goto(f"/books/{books['good']}#page-3")
    expect(page.locator("#where")).to_have_text("Page 3 of 4")
    # The clips play to their "ended" event as a reader hears them, only faster: each new src
    # starts at the default rate (at 1x the two clips of a page took ~20 s of this test).
    page.evaluate("document.getElementById('player').defaultPlaybackRate = 4")
    reading = page.get_by_role("button", name="Read aloud")
    reading.click()
    expect(page.locator("#read-aloud")).to_have_attribute("aria-pressed", "true")
    leaf3 = page.locator('.leaf[data-page="3"]')
    expect(leaf3.locator('.btn-play[data-role="primary"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(leaf3.locator('.btn-play[data-role="secondary"]')).to_have_attribute(
        "aria-pressed", "true", timeout=30_000
    )
    # Both narrations of page 3 done: it turns to page 4 by itself and reads on.
    expect(page.locator("#where")).to_have_text("Page 4 of 4", timeout=30_000)
    expect(page.locator('.leaf[data-page="4"] .btn-play[data-role="primary"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator("#read-aloud").click()
    expect(page.locator("#read-aloud")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.getElementById('player').paused")


def test_print_view_lays_out_one_book_page_per_sheet_and_prints_to_pdf(tab, books, api):
    page = tab.page
    result = api.get(f"/api/stories/{books['good']}/result").json()
    sheets_expected = len(result["pages"]) + 1
    tab.goto(f"/books/{books['good']}")
    page.get_by_role("link", name="Print view").click()
    page.wait_for_url(f"**/books/{books['good']}/print")
    page.wait_for_selector("html[data-ready=true]")
    sheets = page.locator(".sheet")
    expect(sheets).to_have_count(sheets_expected)
    assert loaded_images(tab, ".sheet img") == sheets_expected
    expect(sheets.nth(1).locator(".sheet-text-primary")).to_have_text(
        result["pages"][0]["text_primary"]
    )
    expect(sheets.nth(1).locator(".sheet-text-secondary")).to_have_text(
        result["pages"][0]["text_secondary"]
    )
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_enabled()
    page.select_option("#paper", "a4")
    tab.shot("print")

    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    breaks = page.eval_on_selector_all(
        ".sheet", "(s) => s.map((e) => getComputedStyle(e).breakAfter)"
    )
    assert breaks == ["page"] * (sheets_expected - 1) + ["auto"]
    height_mm = page.eval_on_selector(".sheet", "(s) => s.getBoundingClientRect().height") / (
        96 / 25.4
    )
    assert 290 < height_mm <= 297

    a4 = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert len(a4) == sheets_expected  # one printed page per book page, the cover first
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in a4), a4
    page.emulate_media(media="screen")  # the paper menu is not printed: pick it on screen
    page.select_option("#paper", "letter")
    page.emulate_media(media="print")  # page.pdf() lays out for the emulated media
    letter = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert letter == [(612.0, 792.0)] * sheets_expected


def test_failed_pages_show_it_and_regenerate_repairs_them(tab, books, stack, api):
    page = tab.page
    sid = books["partial"]
    posted: list[tuple[str, dict]] = []
    page.on(
        "request",
        lambda r: (
            posted.append((r.url, json.loads(r.post_data or "null")))
            if r.method == "POST"
            else None
        ),
    )
    tab.goto(f"/books/{sid}#page-2")
    expect(page.locator("#book-badges .badge-partial")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("Regenerate")
    leaf2 = page.locator('.leaf[data-page="2"]')
    failed = leaf2.locator('[data-failed="illustration"]')
    expect(failed).to_be_visible()
    expect(failed).to_contain_text("could not be painted")
    expect(failed).to_contain_text("injected fault")
    expect(leaf2.locator("img.illustration")).to_have_count(0)
    expect(page.get_by_role("button", name="Page 2 (something failed)")).to_be_visible()

    page.keyboard.press("ArrowRight")
    leaf3 = page.locator('.leaf[data-page="3"]')
    voice = leaf3.locator('[data-failed="audio_secondary"]')
    expect(voice).to_contain_text("narration could not be recorded")
    expect(voice.get_by_role("button", name="Regenerate the narration of page 3")).to_be_enabled()
    expect(
        leaf3.get_by_role("button", name="Play the English narration of page 3")
    ).to_be_disabled()
    expect(leaf3.get_by_role("button", name="Play the Korean narration of page 3")).to_be_enabled()
    tab.shot("failed-page", full_page=True)

    # The outage is over: regenerate page 2's picture from the page; it appears when done.
    stack.faults({})
    page.keyboard.press("ArrowLeft")
    failed.get_by_role("button", name="Regenerate the picture of page 2").click()
    expect(page.locator("#progress")).to_be_visible()  # it follows the new run at once
    poll(lambda: loaded_images(tab, '.leaf[data-page="2"] img.illustration') == 1, timeout=120)
    # A repair, not a forced redraw: only what is missing or failed on page 2 is made again.
    assert (f"{stack.stack.api_url}/api/stories/{sid}/illustrations", {"pages": [2]}) in posted
    expect(leaf2.locator('[data-failed="illustration"]')).to_have_count(0)
    expect(page.locator("#book")).to_have_attribute("data-status", "completed")
    detail = api.get(f"/api/stories/{sid}").json()
    assert detail["status"] == "completed"
    assert detail["result"]["failed_pages"] == [{"page_number": 3, "failed": ["audio_secondary"]}]


def test_a_finished_book_shows_a_run_started_elsewhere_without_a_reload(tab, books, stack, api):
    # The redo sensor, an operator in the Dagster UI or another tab can run a finished book
    # again; this tab did nothing and must still show it.
    page = tab.page
    sid = books["partial"]
    stack.faults({})
    tab.goto(f"/books/{sid}#page-3")
    leaf3 = page.locator('.leaf[data-page="3"]')
    expect(leaf3.locator('[data-failed="audio_secondary"]')).to_be_visible()
    english = leaf3.get_by_role("button", name="Play the English narration of page 3")
    expect(english).to_be_disabled()
    r = api.post(f"/api/stories/{sid}/tts", json={"pages": [3]})  # not through this tab
    assert r.status_code == 202, r.text
    expect(leaf3.locator('[data-failed="audio_secondary"]')).to_have_count(0, timeout=60_000)
    expect(english).to_be_enabled()


def test_book_in_progress_fills_in_as_the_pipeline_works(tab, stack, api):
    page = tab.page
    # Slow every narration and drawing so the run lasts long enough to watch.
    stack.faults({"speech": {"*": {"delay_ms": 400}}, "illustrator": {"*": {"delay_ms": 400}}})
    try:
        sid = api.post("/api/stories/", json=book(child_name="Juno", page_count=6)).json()["id"]
        tab.goto(f"/books/{sid}")
        samples = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            sample = page.evaluate(
                """() => ({
                  status: document.getElementById('book').dataset.status,
                  bar: !document.getElementById('progress').hidden,
                  percent: Number(document.getElementById('progress-bar')
                    .getAttribute('aria-valuenow')),
                  stage: document.getElementById('stage').textContent,
                  detail: document.getElementById('progress-detail').textContent,
                  texts: document.querySelectorAll('#pages .story-text').length,
                  images: [...document.querySelectorAll('#pages img.illustration')]
                    .filter((i) => i.complete && i.naturalWidth > 0).length,
                })"""
            )
            samples.append(sample)
            if sample["status"] == "completed" and sample["images"] == 7:
                break
            time.sleep(0.1)
    finally:
        stack.faults({})
    assert samples[-1]["status"] == "completed" and samples[-1]["images"] == 7, samples[-1]
    assert not samples[-1]["bar"]  # the progress bar goes away when the book is done

    live = [s for s in samples if s["bar"]]
    assert live, "the progress bar never showed"
    percents = [s["percent"] for s in live]
    assert percents == sorted(percents), percents
    assert len({p for p in percents if 0 < p < 100}) >= 2, percents
    assert len({s["stage"] for s in live}) >= 2, {s["stage"] for s in live}
    # Stages and per-asset counts are looked up by the contract's asset names (contract.js).
    assert not {s["stage"] for s in live} & set(ASSET_NAMES), {s["stage"] for s in live}
    assert any(re.search(r"(Narration|Pictures) \d+ of \d+", s["detail"]) for s in live), live
    images = [s["images"] for s in samples]
    assert images == sorted(images), images
    assert images[0] < 7
    # The text was on screen before the pictures were all in: pages appear as they finish.
    assert any(s["texts"] == 12 and s["images"] < 7 for s in samples), samples
    # The stream was read with fetch() and the key in a header (EventSource cannot do that).
    events = [r for r in tab.requests if r.url.endswith(f"/api/stories/{sid}/events")]
    assert events and all(r.headers.get("x-api-key") == KEY for r in events)


def test_viewer_assets_need_no_key_and_unknown_paths_keep_the_envelope(stack):
    base = stack.stack.api_url
    with httpx.Client(base_url=base) as bare:
        for path, kind in [
            ("/", "text/html"),
            ("/books/20990101_000000_story_nobody_abcdef", "text/html"),
            ("/viewer/book.js", "text/javascript"),
            ("/viewer/style.css", "text/css"),
            ("/viewer/fonts/NotoSansKR-Regular.otf", "font/otf"),
        ]:
            r = bare.get(path)
            assert r.status_code == 200 and r.headers["content-type"].startswith(kind), path
            if kind == "text/html":  # the key lives in the page: only our own scripts run
                assert "default-src 'self'" in r.headers["content-security-policy"]
        for path in ["/viewer/nope.js", "/viewer/fonts/other.otf", "/nope", "/viewer/../main.py"]:
            r = bare.get(path)
            assert r.status_code == 404, path
            assert r.json()["error"]["code"] == "NOT_FOUND", path
        assert bare.get("/api/stories/").status_code == 401  # the data still needs the key

"""The viewer end to end: headless Chromium (Debian's) against the real stack on 127.0.0.1.

Chromium comes from the OS (`apt-get install chromium`), never from `playwright install`,
which downloads a browser build. Without it the tests skip, except under CI=true, where a
missing browser is an error: CI must not go green by testing nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.api.conftest import KEY, ApiStack, book, wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Narration is played by tests that never "touch" the page like a person would.
    "--autoplay-policy=no-user-gesture-required",
]
# Screenshots for docs/: `VIEWER_SCREENSHOTS=docs/screenshots` (docs/screenshots/take.py).
# Neither variable starts with MORETALE_: tests/conftest.py clears those for every run.
SHOTS = os.environ.get("VIEWER_SCREENSHOTS")
VIEWPORT = {"width": 1280, "height": 860}


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is a dev dependency: uv sync)"
    return None


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    reason = _missing_browser()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the e2e tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="package")
def stack(browser, tmp_path_factory) -> Iterator[ApiStack]:
    # Depends on `browser` so a machine without Chromium skips before starting Dagster.
    s = ApiStack(tmp_path_factory.mktemp("e2e"))
    s.stack.start()
    try:
        yield s
    finally:
        s.stack.stop()


@pytest.fixture(scope="package")
def books(stack: ApiStack) -> dict[str, str]:
    """A finished Korean/English book, an English/Korean one and one with failed pages."""
    with stack.client() as api:

        def create(**kw: Any) -> str:
            r = api.post("/api/stories/", json=book(**kw))
            assert r.status_code == 202, r.text
            return r.json()["id"]

        good = create(child_name="Mina", page_count=4)
        other = create(
            child_name="Leo", primary_lang="en", secondary_lang="ko", theme="the moon", page_count=4
        )
        for sid in (good, other):
            assert wait_for(api, sid, timeout=180)["status"] == "completed"
        # The fault plan is global, so the failing book is made alone.
        stack.faults({"illustrator": {"page_02": -1}, "speech": {"page_03_secondary": -1}})
        try:
            partial = create(child_name="Hana", theme="rain", page_count=4)
            story = wait_for(api, partial, timeout=180)
        finally:
            stack.faults({})
        assert story["status"] == "completed" and story["result"]["has_partial_failures"]
    return {"good": good, "other": other, "partial": partial}


@pytest.fixture
def api(stack: ApiStack) -> Iterator[httpx.Client]:
    with stack.client() as client:
        yield client


class Tab:
    """A browser tab on the viewer, with what went wrong in it recorded."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.requests: list[Any] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request))

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def shot(self, name: str, **kw: Any) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), **kw)


def _tab(browser: Browser, stack: ApiStack, *, with_key: bool) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    if with_key:
        # What the key form does, done up front for tests that are not about the form.
        context.add_init_script(f"sessionStorage.setItem('moretale.apiKey', {KEY!r})")
    tab = Tab(context.new_page(), stack.stack.api_url)
    tab.page.set_default_timeout(30_000)
    try:
        yield tab
        assert not tab.errors, f"uncaught errors in the page: {tab.errors}"
        # The key goes in a header, never in a URL (logs, history, referrers).
        leaked = [r.url for r in tab.requests if KEY in r.url]
        assert not leaked, leaked
    finally:
        context.close()


@pytest.fixture
def tab(browser, stack) -> Iterator[Tab]:
    yield from _tab(browser, stack, with_key=True)


@pytest.fixture
def keyless_tab(browser, stack) -> Iterator[Tab]:
    yield from _tab(browser, stack, with_key=False)


def poll(fn: Any, timeout: float = 30, every: float = 0.1) -> Any:
    """Call fn until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not true after {timeout} s")

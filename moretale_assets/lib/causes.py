"""Why a page failed, in the categories an operator acts on, and a story's failures by cause.

Every ProviderError has a `code`; page runs write it into the error text as `[CODE]`
(lib/item_runner.py), manifests keep the category per entry, and the API's story error lists each
distinct cause with the pages it hit, so one safety block cannot hide a spent daily quota."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

Cause = Literal["quota", "safety", "provider_down", "bad_reply", "config", "other"]

CODE_CAUSES: dict[str, Cause] = {
    "DAILY_QUOTA_EXHAUSTED": "quota",
    "RATE_LIMITED": "quota",
    "HTTP_429": "quota",
    "SAFETY_BLOCKED": "safety",
    "HTTP_500": "provider_down",
    "HTTP_502": "provider_down",
    "HTTP_503": "provider_down",
    "HTTP_504": "provider_down",
    "HTTP_408": "provider_down",
    "TRANSPORT": "provider_down",
    "STORY_INVALID": "bad_reply",
    "NO_CONTENT": "bad_reply",
    "SPLIT_NOT_VERIFIED": "bad_reply",
    "MODEL_NOT_FOUND": "config",
    "MISCONFIGURED": "config",
    "HTTP_400": "config",
    "HTTP_401": "config",
    "HTTP_403": "config",
    "HTTP_404": "config",
    "UNSUPPORTED_REQUEST": "config",
}
CODE = re.compile(r"\[([A-Z][A-Z0-9_]+)\]")


def code_of(error: str | None) -> str | None:
    match = CODE.search(error or "")
    return match.group(1) if match else None


def cause_of(error: str | None) -> Cause | None:
    """The category of a failure message; None when there is no failure."""
    if not error:
        return None
    code = code_of(error)
    if code in CODE_CAUSES:
        return CODE_CAUSES[code]
    # Older manifests carry no code: the exception names are still telling.
    for needle, cause in (
        ("DailyQuotaExhausted", "quota"),
        ("QuotaBlocked", "quota"),
        ("SAFETY", "safety"),
        ("RetryLater", "provider_down"),
    ):
        if needle in error:
            return cause  # type: ignore[return-value]
    return "other"


def by_cause(failures: Iterable[tuple[str, int | None, str | None]]) -> list[dict[str, Any]]:
    """[(item label, page or None, error)] → one entry per distinct cause with the pages and
    items it hit and one message as an example; the cause that hit most items first."""
    groups: dict[str, dict[str, Any]] = {}
    for label, page, error in failures:
        cause = cause_of(error) or "other"
        g = groups.setdefault(
            cause, {"cause": cause, "pages": [], "items": [], "example": (error or "")[:500]}
        )
        g["items"].append(label)
        if page is not None and page not in g["pages"]:
            g["pages"].append(page)
    for g in groups.values():
        g["pages"].sort()
    return sorted(groups.values(), key=lambda g: -len(g["items"]))


def summary(groups: list[dict[str, Any]]) -> str:
    """One line an operator can act on: every cause, the pages it hit (0 = the cover)."""

    def pages(g: dict[str, Any]) -> str:
        shown = ", ".join("cover" if p == 0 else str(p) for p in g["pages"][:12])
        more = ", …" if len(g["pages"]) > 12 else ""
        return f"page(s) {shown}{more}" if g["pages"] else "the story"

    return "; ".join(f"{g['cause']}: {len(g['items'])} item(s) on {pages(g)}" for g in groups)

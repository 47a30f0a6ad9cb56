"""A quality check's report as stored beside the book, and the book's quality as the API serves it.

Each asset check writes a `CheckRecord` to `layout.quality_path(check)`; the API's projection
reads them into `BookQuality` (the book: status, score, each check) and a `PageQuality` per page
(status and reasons, per sub-check). Dagster-free, so the pipeline writes and the API reads the
same model, and the API never asks Dagster for check results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from moretale_assets.lib.quality.model import CheckResult, Report, Severity, Status, worst

# "unchecked": no check has written a report for the book (yet, or it never ran).
BookStatus = Literal["pass", "warn", "fail", "unchecked"]


class CheckRecord(BaseModel):
    """What one asset check found for one story, written on every evaluation."""

    check: str = Field(description="The asset check: story_quality, narration_quality, ...")
    asset: str = Field(description="The asset it judges")
    run_id: str | None = Field(None, description="The Dagster run that evaluated it")
    checked_at: float = Field(description="Unix time of the evaluation")
    seconds: float | None = None
    error: str | None = Field(None, description="Why the check could not judge the book")
    report: Report = Field(default_factory=lambda: Report(checks=[]))

    @property
    def status(self) -> Status:
        return "fail" if self.error else self.report.status


class CheckSummary(BaseModel):
    """One asset check of the book."""

    name: str
    asset: str
    status: Status
    score: float = Field(description="Share of its (sub-check, page) results that pass (0..1)")
    blocking_failed: bool = Field(description="A blocking sub-check failed")
    ran: list[str] = Field(description="Sub-checks that ran")
    not_run: dict[str, str] = Field(description="Sub-checks that did not run, and why")
    checked_at: float
    run_id: str | None
    error: str | None = None


class SubCheck(BaseModel):
    """One sub-check's result on one page."""

    check: str = Field(description="The asset check it belongs to")
    name: str
    severity: Severity
    status: Status
    reasons: list[str]


class PageQuality(BaseModel):
    """A page's quality across every check; page 0 is the book itself (title, cover)."""

    status: BookStatus
    reasons: list[str] = Field(
        description="Why the page warns or fails, as 'sub-check: reason' (empty when it passes)"
    )
    checks: list[SubCheck] = Field(description="Every sub-check's result on this page")


class BookQuality(BaseModel):
    status: BookStatus = Field(description="The worst result of any check that ran")
    score: float | None = Field(
        description="Share of (sub-check, page) results that pass across every check, a "
        "warning counting half (0..1); null before any check ran"
    )
    checks: list[CheckSummary]
    book: PageQuality = Field(description="Results on the book as a whole (title, cover)")


def _page(results: list[SubCheck]) -> PageQuality:
    if not results:
        return PageQuality(status="unchecked", reasons=[], checks=[])
    return PageQuality(
        status=worst(*(r.status for r in results)),
        reasons=[f"{r.name}: {why}" for r in results if r.status != "pass" for why in r.reasons],
        checks=results,
    )


def book_quality(
    records: Iterable[CheckRecord], pages: Iterable[int]
) -> tuple[BookQuality, dict[int, PageQuality]]:
    """The book's quality and each page's (every page in `pages`, checked or not)."""
    records = list(records)
    by_page: dict[int, list[SubCheck]] = {n: [] for n in [0, *pages]}
    ran: list[CheckResult] = []
    for record in records:
        for c in record.report.checks:
            if not c.ran:
                continue
            ran.append(c)
            for p in c.pages:
                if p.page in by_page:
                    sub = SubCheck(check=record.check, name=c.name, severity=c.severity,
                                   status=p.status, reasons=p.reasons)  # fmt: skip
                    by_page[p.page].append(sub)
    summaries = [
        CheckSummary(
            name=r.check,
            asset=r.asset,
            status=r.status,
            score=round(r.report.score(), 3),
            blocking_failed=r.report.blocking_failed or r.error is not None,
            ran=r.report.ran(),
            not_run=r.report.not_run(),
            checked_at=r.checked_at,
            run_id=r.run_id,
            error=r.error,
        )
        for r in records
    ]
    status: BookStatus = worst(*(s.status for s in summaries)) if summaries else "unchecked"
    score = round(Report(checks=ran).score(), 3) if ran else (0.0 if summaries else None)
    quality = BookQuality(status=status, score=score, checks=summaries, book=_page(by_page[0]))
    return quality, {n: _page(results) for n, results in by_page.items() if n != 0}

"""What a quality check says: per page pass / warn / fail with reasons, and how much it matters.

Dagster-free, so the asset checks, the API and the bench all read the same results.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["pass", "warn", "fail"]
# blocking: a failure stops downstream work; warning: flagged, the book goes on.
Severity = Literal["blocking", "warning"]
_RANK: dict[Status, int] = {"pass": 0, "warn": 1, "fail": 2}
# Sub-checks whose failure says the file itself is wrong, so making it again can help (a
# missing, silent or blank file, a picture with text or someone else as the hero, a clip that
# is not its page's text, by its length or its transcript). Pace, clipping and silence at the
# ends are the voice's manner: flagged, not redone.
REDO_ON = frozenset({"audio_present", "not_silent", "duration_fits_text", "size_and_aspect",
                     "not_blank", "no_text", "key_objects_drawn", "character_matches_cover",
                     "transcription_matches"})  # fmt: skip


class PageResult(BaseModel):
    page: int  # 0 is the book as a whole (its title, its page count), else the page number
    status: Status = "pass"
    reasons: list[str] = Field(default_factory=list)


class CheckResult(BaseModel):
    name: str
    severity: Severity
    ran: bool = True
    note: str = ""  # why it did not run, or what it measured against
    pages: list[PageResult] = Field(default_factory=list)

    @property
    def status(self) -> Status:
        return max((p.status for p in self.pages), key=_RANK.__getitem__, default="pass")

    @property
    def passed(self) -> bool:
        return self.status != "fail"

    def failing_pages(self) -> list[int]:
        return [p.page for p in self.pages if p.status == "fail"]


def pages_to_redo(report: Report) -> list[int]:
    """Pages (not the book as a whole, page 0) a check that calls for remaking failed."""
    fails = {p for c in report.checks if c.ran and c.name in REDO_ON for p in c.failing_pages()}
    return sorted(fails - {0} - set(report.imported_pages))


def worst(*statuses: Status) -> Status:
    return max(statuses, key=_RANK.__getitem__, default="pass")


class Report(BaseModel):
    """Every check one asset ran, in order."""

    checks: list[CheckResult]
    # Pages whose files came from an import (books made by the original CLI): the checks flag
    # them like any page, but never replace them by themselves; an operator forces a redo.
    imported_pages: list[int] = Field(default_factory=list)

    @property
    def status(self) -> Status:
        return worst(*(c.status for c in self.checks if c.ran))

    @property
    def blocking_failed(self) -> bool:
        return any(c.ran and c.severity == "blocking" and not c.passed for c in self.checks)

    def ran(self) -> list[str]:
        return [c.name for c in self.checks if c.ran]

    def not_run(self) -> dict[str, str]:
        return {c.name: c.note for c in self.checks if not c.ran}

    def by_page(self) -> dict[int, dict[str, object]]:
        """{page: {"status": worst, "reasons": [...]}} across checks, for a per-page table."""
        out: dict[int, dict[str, object]] = {}
        for c in self.checks:
            for p in c.pages:
                row = out.setdefault(p.page, {"status": "pass", "reasons": []})
                row["status"] = worst(row["status"], p.status)  # type: ignore[arg-type]
                row["reasons"] += [f"{c.name}: {r}" for r in p.reasons]  # type: ignore[operator]
        return dict(sorted(out.items()))

    def score(self) -> float:
        """Share of (check, page) results that pass; a warning counts half."""
        results = [p.status for c in self.checks if c.ran for p in c.pages]
        if not results:
            return 1.0
        return sum({"pass": 1.0, "warn": 0.5, "fail": 0.0}[s] for s in results) / len(results)

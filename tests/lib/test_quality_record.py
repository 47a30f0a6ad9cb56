"""The book's quality as the API serves it, from the reports the checks write."""

import pytest

from moretale_assets.lib.quality.model import CheckResult, PageResult, Report
from moretale_assets.lib.quality.record import CheckRecord, book_quality

pytestmark = pytest.mark.unit


def record(check: str, *checks: CheckResult, error: str | None = None) -> CheckRecord:
    return CheckRecord(check=check, asset="a", checked_at=1.0, report=Report(checks=list(checks)),
                       error=error)  # fmt: skip


def sub(name: str, severity: str, **pages: str) -> CheckResult:
    results = [PageResult(page=int(p[1:]), status=s, reasons=[f"{name} says {s}"] if s != "pass"
                          else ["a note"]) for p, s in pages.items()]  # fmt: skip
    return CheckResult(name=name, severity=severity, pages=results)  # type: ignore[arg-type]


def test_score_status_and_reasons_across_checks():
    story = record("story_quality", sub("script", "blocking", p0="pass", p1="pass", p2="pass"))
    pics = record(
        "picture_quality",
        sub("not_blank", "blocking", p1="pass", p2="fail"),
        sub("no_text", "warning", p1="warn", p2="pass"),
        CheckResult(name="vision", severity="warning", ran=False, note="needs a vision model"),
    )
    quality, pages = book_quality([story, pics], [1, 2, 3])
    # 7 results ran: 5 pass, 1 warn (half), 1 fail.
    assert quality.score == round(5.5 / 7, 3) and quality.status == "fail"
    assert [c.status for c in quality.checks] == ["pass", "fail"]
    assert quality.checks[1].not_run == {"vision": "needs a vision model"}
    assert quality.checks[1].blocking_failed and not quality.checks[0].blocking_failed
    assert (pages[1].status, pages[1].reasons) == ("warn", ["no_text: no_text says warn"])
    assert (pages[2].status, pages[2].reasons) == ("fail", ["not_blank: not_blank says fail"])
    assert [(c.check, c.name) for c in pages[2].checks] == [
        ("story_quality", "script"), ("picture_quality", "not_blank"),
        ("picture_quality", "no_text")]  # fmt: skip
    assert pages[3].status == "unchecked" and quality.book.status == "pass"


def test_no_report_is_unchecked_and_a_check_that_could_not_judge_fails():
    quality, pages = book_quality([], [1])
    assert (quality.status, quality.score, pages[1].status) == ("unchecked", None, "unchecked")
    quality, _ = book_quality([record("narration_quality", error="missing file: x.wav")], [1])
    assert (quality.status, quality.score) == ("fail", 0.0)
    assert quality.checks[0].error == "missing file: x.wav"

"""Quality gates as partitioned asset checks: one result per story, per-page detail in metadata.

The checks themselves live in lib/quality (Dagster-free); this module only wires them. A check
fails with ERROR severity when a blocking sub-check fails (downstream assets do not run for that
story), with WARN severity when only warning sub-checks fail. Every evaluation also writes its
report beside the book (`layout.quality_path`), which the API serves without asking Dagster.
"""

import time
from collections.abc import Callable

import dagster as dg

from moretale_assets.defs.partitions import stories
from moretale_assets.defs.resources import IllustratorResource, SpeechResource, StorageResource
from moretale_assets.lib import contract, layout
from moretale_assets.lib.contract import NARRATION_QUALITY, PICTURE_QUALITY, STORY_QUALITY
from moretale_assets.lib.layout import Book
from moretale_assets.lib.providers import registry
from moretale_assets.lib.quality.model import Report
from moretale_assets.lib.quality.record import CheckRecord
from moretale_assets.lib.quality.reports import narration_report, picture_report, story_report
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import NotFound

__all__ = ["NARRATION_QUALITY", "PICTURE_QUALITY", "STORY_QUALITY"]

# Whether the request asked for what a check judges; a check of an output not requested passes
# with nothing to judge rather than failing every page as missing.
ENABLED: dict[str, Callable[[StoryRequest], bool]] = {
    STORY_QUALITY: lambda r: True,
    NARRATION_QUALITY: lambda r: r.generation.enable_tts,
    PICTURE_QUALITY: lambda r: r.generation.enable_illustration,
}


def _table(report: Report) -> str:
    rows = ["| page | status | reasons |", "|---|---|---|"]
    for page, row in report.by_page().items():
        reasons = "; ".join(row["reasons"])[:300].replace("|", "/")  # type: ignore[arg-type]
        rows.append(f"| {'book' if page == 0 else page} | {row['status']} | {reasons} |")
    return "\n".join(rows)


def _record(
    context: dg.AssetCheckExecutionContext, book: Book, check: str, started: float, **kw: object
) -> None:
    record = CheckRecord(
        check=check,
        asset=contract.QUALITY_CHECKS[check],
        run_id=context.run.run_id,
        checked_at=time.time(),
        seconds=round(time.perf_counter() - started, 3),
        **kw,  # type: ignore[arg-type]
    )
    book.put_model(layout.quality_path(check), record)


def _result(
    context: dg.AssetCheckExecutionContext,
    book: Book,
    check: str,
    make: Callable[[Book], Report],
) -> dg.AssetCheckResult:
    started = time.perf_counter()
    try:
        if not ENABLED[check](book.request()):
            _record(context, book, check, started)
            return dg.AssetCheckResult(passed=True, metadata={contract.ENABLED: False})
        report = make(book)
    except NotFound as exc:
        error = f"missing file: {exc}"[:500]
        _record(context, book, check, started, error=error)
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.ERROR, metadata={"error": error}
        )
    _record(context, book, check, started, report=report)
    blocking = report.blocking_failed
    return dg.AssetCheckResult(
        passed=report.status != "fail",
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={
            "status": report.status,
            "score": dg.MetadataValue.float(round(report.score(), 3)),
            "checks_ran": ", ".join(report.ran()),
            "checks_not_run": dg.MetadataValue.json(report.not_run()),
            "failed_checks": ", ".join(c.name for c in report.checks if not c.passed),
            "pages": dg.MetadataValue.md(_table(report)),
            "results": dg.MetadataValue.json(report.model_dump(mode="json")),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
    )


@dg.asset_check(
    asset=contract.STORY,
    name=STORY_QUALITY,
    partitions_def=stories,
    blocking=True,
    description="Page numbering, each language in its script, no repeats (blocking); theme, "
    "title, sentence length for the age, vocabulary on its page (warnings).",
)
def story_quality(
    context: dg.AssetCheckExecutionContext, storage: StorageResource
) -> dg.AssetCheckResult:
    return _result(
        context, Book(storage.open(), context.partition_key), STORY_QUALITY, story_report
    )


@dg.asset_check(
    asset=contract.PAGE_AUDIO,
    name=NARRATION_QUALITY,
    partitions_def=stories,
    description="Every clip present and not silent (blocking); not clipped, length fits its "
    "text, read-aloud pace, short silence at the ends (warnings); with Gemini speech and "
    "MORETALE_QUALITY_TRANSCRIBE=1, each clip transcribed by the text model (CER, warning).",
)
def narration_quality(
    context: dg.AssetCheckExecutionContext, storage: StorageResource, speech: SpeechResource
) -> dg.AssetCheckResult:
    # Optional: a transcription costs one text-model request per clip, against its quota.
    gemini = speech.gemini
    listen = registry.reviewer(gemini.config()) if gemini.transcribe_narration else None
    return _result(
        context,
        Book(storage.open(), context.partition_key),
        NARRATION_QUALITY,
        lambda b: narration_report(b, listen),
    )


@dg.asset_check(
    asset=contract.PAGE_ILLUSTRATIONS,
    name=PICTURE_QUALITY,
    partitions_def=stories,
    description="Size and aspect, not blank (blocking); no text in the picture, the page's "
    "animals and things drawn, the cover's character (warnings; offline: the scene planner's "
    "report; Gemini pictures: a vision check by the text model).",
)
def picture_quality(
    context: dg.AssetCheckExecutionContext,
    storage: StorageResource,
    illustrator: IllustratorResource,
) -> dg.AssetCheckResult:
    look = registry.reviewer(illustrator.gemini.config())  # None without a key
    return _result(
        context,
        Book(storage.open(), context.partition_key),
        PICTURE_QUALITY,
        lambda b: picture_report(b, look),
    )

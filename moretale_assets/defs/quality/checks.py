"""Quality gates as partitioned asset checks: one result per story, per-page detail in metadata.

The checks themselves live in lib/quality (Dagster-free); this module only wires them. A check
fails with ERROR severity when a blocking sub-check fails (downstream assets do not run for that
story), with WARN severity when only warning sub-checks fail.
"""

import time
from collections.abc import Callable

import dagster as dg

from moretale_assets.defs.partitions import stories
from moretale_assets.defs.resources import IllustratorResource, SpeechResource, StorageResource
from moretale_assets.lib import contract
from moretale_assets.lib.layout import Book
from moretale_assets.lib.providers import registry
from moretale_assets.lib.quality.model import Report
from moretale_assets.lib.quality.reports import narration_report, picture_report, story_report
from moretale_assets.lib.storage import NotFound

STORY_QUALITY, NARRATION_QUALITY, PICTURE_QUALITY = (
    "story_quality",
    "narration_quality",
    "picture_quality",
)


def _table(report: Report) -> str:
    rows = ["| page | status | reasons |", "|---|---|---|"]
    for page, row in report.by_page().items():
        reasons = "; ".join(row["reasons"])[:300].replace("|", "/")  # type: ignore[arg-type]
        rows.append(f"| {'book' if page == 0 else page} | {row['status']} | {reasons} |")
    return "\n".join(rows)


def _result(book: Book, make: Callable[[Book], Report]) -> dg.AssetCheckResult:
    started = time.perf_counter()
    try:
        report = make(book)
    except NotFound as exc:
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"error": f"missing file: {exc}"[:500]},
        )
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
    return _result(Book(storage.open(), context.partition_key), story_report)


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
        Book(storage.open(), context.partition_key), lambda b: narration_report(b, listen)
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
    return _result(Book(storage.open(), context.partition_key), lambda b: picture_report(b, look))

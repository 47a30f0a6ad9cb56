"""Failing pages redone once, automatically: after a book run, pages whose narration or picture
failed a quality check are made again in one follow-up run (`force`, those pages only). The
follow-up carries a tag naming the run it redoes, and a run with that tag is never redone, so
a page is redone at most once; whatever still fails stays flagged in its check. The run config
carries the run redone and each page's reasons, which the page assets record on the redone
pages' manifest entries (`Provenance.redo`), so the API result shows them."""

import dagster as dg

from moretale_assets.defs.jobs import book_job
from moretale_assets.defs.quality.checks import NARRATION_QUALITY, PICTURE_QUALITY
from moretale_assets.lib import contract
from moretale_assets.lib.quality.model import REDO_ON, Report, pages_to_redo

REDO_INTERVAL_S = 5
TAG_REDO_OF = "moretale/quality_redo_of"  # on a follow-up run: the run whose pages it redoes
# Which asset makes the pages each check judges.
REDONE_BY = {NARRATION_QUALITY: contract.PAGE_AUDIO, PICTURE_QUALITY: contract.PAGE_ILLUSTRATIONS}


def redo_reason(report: Report, page: int) -> str:
    """Why a page is redone: "sub-check: reason; ..." of the failures that call for remaking."""
    why = [
        f"{c.name}: {r}" if r else c.name
        for c in report.checks
        if c.ran and c.name in REDO_ON
        for p in c.pages
        if p.page == page and p.status == "fail"
        for r in (p.reasons or [""])
    ]
    return "; ".join(why)[:500]


def failing_pages(instance: dg.DagsterInstance, run_id: str) -> dict[str, dict[int, str]]:
    """{asset: {page: reasons}} whose quality check failed in `run_id` (page 0, the book, is not
    a page), each page's reasons as "sub-check: reason; ..."."""
    out: dict[str, dict[int, str]] = {}
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        event = record.dagster_event
        evaluation = event.event_specific_data if event else None
        asset = REDONE_BY.get(getattr(evaluation, "check_name", ""))
        if asset is None or evaluation is None or evaluation.passed:
            continue
        results = evaluation.metadata.get("results")
        if results is None:
            continue
        report = Report.model_validate(results.value)
        pages = pages_to_redo(report)
        if pages:
            out[asset] = {page: redo_reason(report, page) for page in pages}
    return out


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[book_job],
    request_job=book_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    # Every 30 s (the default) a redo waited behind a backlog: see the skip below.
    minimum_interval_seconds=REDO_INTERVAL_S,
    description="Redo, once, the pages whose narration or picture failed a quality check.",
)
def redo_failing_pages(context: dg.RunStatusSensorContext) -> dg.RunRequest | None:
    # Nothing to redo returns None, not a SkipReason: Dagster ends a run-status sensor's tick at
    # the first run that returns anything, so skips took one tick (30 s) per finished run and a
    # redo waited minutes behind a batch; None moves on to the next run in the same tick.
    run = context.dagster_run
    if TAG_REDO_OF in run.tags:
        context.log.info(f"run {run.run_id} already redid pages; what fails stays flagged")
        return None
    partition = run.tags.get(contract.TAG_PARTITION)
    failing = failing_pages(context.instance, run.run_id)
    if not partition or not failing:
        return None
    selection = {
        a: contract.PageSelection(
            pages=list(p),
            force=True,
            redo_of=run.run_id,
            redo_reasons={str(page): why for page, why in p.items()},
        )
        for a, p in failing.items()
    }
    return dg.RunRequest(
        run_key=f"quality-redo-{run.run_id}",
        partition_key=partition,
        asset_selection=[dg.AssetKey(a) for a in failing],
        run_config=contract.op_config(selection),
        tags={
            TAG_REDO_OF: run.run_id,
            **{f"moretale/redo_{a}": str(list(p)) for a, p in failing.items()},
        },
    )

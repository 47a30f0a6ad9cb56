"""Failing pages redone once, automatically: after a book run, pages whose narration or picture
failed a quality check are made again in one follow-up run (`force`, those pages only). The
follow-up carries a tag naming the run it redoes, and a run with that tag is never redone, so
a page is redone at most once; whatever still fails stays flagged in its check."""

import dagster as dg

from moretale_assets.defs.jobs import book_job
from moretale_assets.defs.quality.checks import NARRATION_QUALITY, PICTURE_QUALITY
from moretale_assets.lib import contract
from moretale_assets.lib.quality.model import Report, pages_to_redo

TAG_REDO_OF = "moretale/quality_redo_of"  # on a follow-up run: the run whose pages it redoes
# Which asset makes the pages each check judges.
REDONE_BY = {NARRATION_QUALITY: contract.PAGE_AUDIO, PICTURE_QUALITY: contract.PAGE_ILLUSTRATIONS}


def failing_pages(instance: dg.DagsterInstance, run_id: str) -> dict[str, list[int]]:
    """{asset: pages} whose quality check failed in `run_id` (page 0, the book, is not a page)."""
    out: dict[str, list[int]] = {}
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        event = record.dagster_event
        evaluation = event.event_specific_data if event else None
        asset = REDONE_BY.get(getattr(evaluation, "check_name", ""))
        if asset is None or evaluation is None or evaluation.passed:
            continue
        results = evaluation.metadata.get("results")
        if results is None:
            continue
        pages = pages_to_redo(Report.model_validate(results.value))
        if pages:
            out[asset] = pages
    return out


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[book_job],
    request_job=book_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Redo, once, the pages whose narration or picture failed a quality check.",
)
def redo_failing_pages(context: dg.RunStatusSensorContext) -> dg.RunRequest | dg.SkipReason:
    run = context.dagster_run
    if TAG_REDO_OF in run.tags:
        return dg.SkipReason(f"run {run.run_id} already redid pages; what fails stays flagged")
    partition = run.tags.get(contract.TAG_PARTITION)
    failing = failing_pages(context.instance, run.run_id)
    if not partition or not failing:
        return dg.SkipReason("no page failed a quality check")
    selection = {a: contract.PageSelection(pages=p, force=True) for a, p in failing.items()}
    return dg.RunRequest(
        run_key=f"quality-redo-{run.run_id}",
        partition_key=partition,
        asset_selection=[dg.AssetKey(a) for a in failing],
        run_config=contract.op_config(selection),
        tags={
            TAG_REDO_OF: run.run_id,
            **{f"moretale/redo_{a}": str(p) for a, p in failing.items()},
        },
    )

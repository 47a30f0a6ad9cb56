import dagster as dg

from moretale_assets.lib import contract

BOOK_ASSETS = dg.AssetSelection.groups(*contract.BOOK_GROUPS)

# In-process: ~3 ms between steps instead of ~1.2 s for a process per step on 2 cores;
# pages already run concurrently inside each step.
book_job = dg.define_asset_job(
    contract.BOOK_JOB,
    selection=BOOK_ASSETS,
    executor_def=dg.in_process_executor,
    description="A whole book for one story partition: story, narration, cover, pages.",
)

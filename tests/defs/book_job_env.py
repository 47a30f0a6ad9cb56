"""The book job as a run worker builds it, from MORETALE_* environment variables; a module of
its own (not a test module) so step processes can rebuild it without the tests' conftest."""

import dagster as dg


def book_job_from_env() -> dg.JobDefinition:
    from moretale_assets.defs.audio import assets as audio
    from moretale_assets.defs.illustration import assets as illustration
    from moretale_assets.defs.jobs import BOOK_ASSETS, book_executor
    from moretale_assets.defs.resources import build_resources
    from moretale_assets.defs.story import assets as story

    job = dg.define_asset_job("book_job", selection=BOOK_ASSETS, executor_def=book_executor())
    return dg.Definitions(
        assets=dg.load_assets_from_modules([story, audio, illustration]),
        asset_checks=dg.load_asset_checks_from_modules([story, audio, illustration]),
        jobs=[job],
        resources=build_resources(),
    ).resolve_job_def("book_job")

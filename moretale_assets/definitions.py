import dagster as dg

from moretale_assets.defs.audio import assets as audio
from moretale_assets.defs.illustration import assets as illustration
from moretale_assets.defs.jobs import book_job
from moretale_assets.defs.quality import checks as quality
from moretale_assets.defs.quality.redo import redo_failing_pages
from moretale_assets.defs.resources import build_resources
from moretale_assets.defs.story import assets as story

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([story, audio, illustration]),
    asset_checks=dg.load_asset_checks_from_modules([story, audio, illustration, quality]),
    jobs=[book_job],
    sensors=[redo_failing_pages],
    resources=build_resources(),
)

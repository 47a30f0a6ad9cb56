"""The loaded Definitions are what lib/contract.py says they are: the API reads events and builds
run config from the contract alone, so a rename on one side must fail here, not freeze progress."""

import dagster as dg
import pytest

from moretale_assets.definitions import defs
from moretale_assets.defs.page_step import CoverConfig, PageSelection
from moretale_assets.defs.story.assets import StoryConfig
from moretale_assets.lib import contract

pytestmark = pytest.mark.unit


def assets_by_name() -> dict[str, dg.AssetsDefinition]:
    return {a.key.to_user_string(): a for a in defs.assets}


def test_every_contract_asset_exists_with_its_group_pool_and_partitions():
    found = assets_by_name()
    for spec in contract.BOOK_ASSETS:
        asset = found[spec.name]
        key = dg.AssetKey(spec.name)
        assert asset.group_names_by_key[key] == spec.group, spec.name
        assert asset.op.pool == spec.pool, spec.name
        assert asset.partitions_def.name == contract.PARTITIONS_DEF, spec.name
    assert set(found) == set(contract.ASSET_NAMES)


def test_book_job_runs_every_contract_asset():
    job = defs.resolve_job_def(contract.BOOK_JOB)
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} == set(
        contract.ASSET_NAMES
    )


def test_run_config_classes_have_the_contract_fields():
    # What the API sends (contract models) is what each asset's Dagster Config accepts.
    assert PageSelection.model_fields.keys() == contract.PageSelection.model_fields.keys()
    assert CoverConfig.model_fields.keys() == contract.ForceOnly.model_fields.keys()
    assert StoryConfig.model_fields.keys() == contract.ForceOnly.model_fields.keys()
    for name, field in contract.PageSelection.model_fields.items():
        assert PageSelection.model_fields[name].annotation == field.annotation, name
    found = assets_by_name()
    for spec in contract.BOOK_ASSETS:
        config = found[spec.name].op.config_schema.config_type
        fields = set(config.fields) if config is not None else set()
        expected = contract.PageSelection if spec.page_selection else contract.ForceOnly
        assert fields == set(expected.model_fields), spec.name


def test_api_run_config_validates_against_the_job():
    sel = contract.PageSelection(pages=[2, 3], force=True)
    run_config = contract.op_config(
        {
            contract.PAGE_AUDIO: sel,
            contract.PAGE_ILLUSTRATIONS: sel,
            contract.COVER_ILLUSTRATION: contract.ForceOnly(force=True),
        }
    )
    job = defs.resolve_job_def(contract.BOOK_JOB)
    assert dg.validate_run_config(job, run_config)


def test_completeness_checks_are_partitioned_per_story():
    checks = {key.name: c.partitions_def for c in defs.asset_checks for key in c.check_keys}
    for name in (contract.CHECK_AUDIO_COMPLETE, contract.CHECK_ILLUSTRATIONS_COMPLETE):
        assert checks[name] is not None and checks[name].name == contract.PARTITIONS_DEF


def test_progress_round_trips_through_metadata():
    p = contract.Progress(done=3, failed=1, total=8, ready=["a.wav", "b.wav"])
    assert contract.Progress.from_metadata(p.to_metadata()) == p
    assert contract.Progress.from_metadata({"items_generated": 2}) is None

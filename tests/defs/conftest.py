from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from moretale_assets.definitions import defs as code_location
from moretale_assets.defs.jobs import book_job
from moretale_assets.defs.resources import SpeechResource, build_resources
from moretale_assets.lib import contract
from moretale_assets.lib.layout import REQUEST, Book
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import LocalStorage
from moretale_assets.lib.story_ids import new_story_id
from moretale_assets.settings import PipelineSettings

ASSETS = list(contract.ASSET_NAMES)


@dataclass
class BookRunner:
    """Materialize a story partition in-process on a real (temporary, SQLite) Dagster instance."""

    instance: dg.DagsterInstance
    root: Path

    def new_book(self, request: StoryRequest) -> Book:
        book = Book(LocalStorage(self.root), new_story_id(request.child_name, request.theme))
        book.put_model(REQUEST, request)
        self.instance.add_dynamic_partitions(contract.PARTITIONS_DEF, [book.story_id])
        return book

    def run(
        self,
        book: Book,
        selection: list[str] | None = None,
        run_config: dict[str, Any] | None = None,
        fault_plan: str = "",
        settings: dict[str, Any] | None = None,
        speech: type[SpeechResource] = SpeechResource,
        tags: dict[str, str] | None = None,
    ) -> dg.ExecuteInProcessResult:
        """`settings` sets PipelineSettings fields (the tests' environment has no MORETALE_
        variables, so the rest are the defaults); `speech` swaps the speech resource's class."""
        resources = build_resources(
            PipelineSettings(storage_root=str(self.root), fault_plan=fault_plan, **(settings or {}))
        )
        made = resources["speech"]
        resources["speech"] = speech(**{f: getattr(made, f) for f in SpeechResource.model_fields})
        defs = dg.Definitions(
            assets=code_location.assets,
            asset_checks=code_location.asset_checks,
            jobs=[book_job],
            resources=resources,
        )
        return defs.resolve_job_def(contract.BOOK_JOB).execute_in_process(
            partition_key=book.story_id,
            instance=self.instance,
            run_config=run_config,
            asset_selection=[dg.AssetKey(a) for a in selection] if selection else None,
            raise_on_error=False,
            tags=tags,
        )


@pytest.fixture
def runner(tmp_path):
    (tmp_path / "dagster").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        yield BookRunner(instance, tmp_path / "outputs")

"""What the pipeline and the API agree on, stated once: asset keys, groups and pools, the
partitions definition and job, metadata and tag names, the progress model, and the run config
that selects pages.

Dagster-free on purpose: `defs/` builds its assets from these names, and `api/` reads events and
builds run config with them, without importing asset code. `tests/defs/test_contract.py` checks
that the loaded Definitions match what is stated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# --- where the book lives in Dagster --------------------------------------------------------

LOCATION = "moretale"
PARTITIONS_DEF = "stories"
BOOK_JOB = "book_job"

# Asset names (single-segment asset keys).
STORY = "story"
PAGE_AUDIO = "page_audio"
COVER_ILLUSTRATION = "cover_illustration"
PAGE_ILLUSTRATIONS = "page_illustrations"

# Groups and pools (a pool is the concurrency limit of one kind of provider).
GROUP_STORY = "story"
GROUP_AUDIO = "audio"
GROUP_ILLUSTRATION = "illustration"
POOL_STORY_WRITER = "story_writer"
POOL_SPEECH = "speech"
POOL_ILLUSTRATOR = "illustrator"


@dataclass(frozen=True)
class AssetContract:
    name: str
    group: str
    pool: str
    # Takes PageSelection (pages + force) as run config; otherwise only `force`.
    page_selection: bool


# In the order the in-process executor runs them (ties go by step key).
BOOK_ASSETS: tuple[AssetContract, ...] = (
    AssetContract(STORY, GROUP_STORY, POOL_STORY_WRITER, page_selection=False),
    AssetContract(COVER_ILLUSTRATION, GROUP_ILLUSTRATION, POOL_ILLUSTRATOR, page_selection=False),
    AssetContract(PAGE_AUDIO, GROUP_AUDIO, POOL_SPEECH, page_selection=True),
    AssetContract(PAGE_ILLUSTRATIONS, GROUP_ILLUSTRATION, POOL_ILLUSTRATOR, page_selection=True),
)
ASSET_NAMES: tuple[str, ...] = tuple(a.name for a in BOOK_ASSETS)
BY_NAME: dict[str, AssetContract] = {a.name: a for a in BOOK_ASSETS}
BOOK_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(a.group for a in BOOK_ASSETS))
POOLS: tuple[str, ...] = tuple(dict.fromkeys(a.pool for a in BOOK_ASSETS))

# Slots per pool: how many steps of one provider kind run at once across every run. Dagster keeps
# these in the instance's database, not in dagster.yaml: devstack sets the embedded ones when it
# starts (one 2-core machine); the production ones are set once per instance at deploy time with
# `dagster instance concurrency set` (docs/deploy.md; tests/lib/test_pool_limits.py holds the
# docs to these numbers).
POOL_LIMITS_EMBEDDED: dict[str, int] = {POOL_STORY_WRITER: 4, POOL_SPEECH: 2, POOL_ILLUSTRATOR: 2}
POOL_LIMITS_PRODUCTION: dict[str, int] = {
    POOL_STORY_WRITER: 8,
    POOL_SPEECH: 4,  # ≈ the TTS model's RPM quota / requests per step
    POOL_ILLUSTRATOR: 4,
}

# Completeness checks of the page assets (one result per story partition).
CHECK_AUDIO_COMPLETE = "audio_complete"
CHECK_ILLUSTRATIONS_COMPLETE = "illustrations_complete"

# Quality gates (defs/quality), each with the asset it judges. Each writes its report to
# `layout.quality_path(name)`, which the API serves in the book's result.
STORY_QUALITY = "story_quality"
NARRATION_QUALITY = "narration_quality"
PICTURE_QUALITY = "picture_quality"
QUALITY_CHECKS: dict[str, str] = {
    STORY_QUALITY: STORY,
    NARRATION_QUALITY: PAGE_AUDIO,
    PICTURE_QUALITY: PAGE_ILLUSTRATIONS,
}

# --- tags -----------------------------------------------------------------------------------

TAG_PARTITION = "dagster/partition"  # Dagster's own tag for a single-partition run
TAG_SET = "moretale/set"  # the story set a book was submitted in (api/sets.py)
TAG_WORKER_PID = "moretale/run_worker_pid"  # set by the warm launcher on each run it forks
TAG_WORKER_HOST = "moretale/run_worker_host"  # ... and the host, so others can tell it is alive
TAG_KIND = "moretale/kind"  # "book", "tts", "illustration": what the API launched the run for

# --- metadata keys --------------------------------------------------------------------------

# Progress observations emitted while a page asset runs (see Progress below).
PROGRESS_DONE = "progress_done"
PROGRESS_FAILED = "progress_failed"
PROGRESS_TOTAL = "progress_total"
PROGRESS_READY = "progress_ready"

# On every page-asset materialization.
ITEMS_GENERATED = "items_generated"
ITEMS_SKIPPED = "items_skipped"
ITEMS_FAILED = "items_failed"
STEP_SECONDS = "step_seconds"
ITEM_MS_MEDIAN = "item_ms_median"
ITEM_MS_MAX = "item_ms_max"
MANIFEST_URI = "manifest_uri"
PAGE_TABLE = "pages"  # table: one row per item (status, attempts, uri, error)
FAILED_ITEMS = "failed_items"  # on a step Failure: the labels of the failed items
PROVIDER = "provider"
MODEL = "model"
ENABLED = "enabled"
COVER_URI = "cover_uri"
STORY_URI = "story_uri"


class Progress(BaseModel):
    """One progress observation of a page asset: cumulative within the step."""

    model_config = ConfigDict(frozen=True)

    done: int = 0
    failed: int = 0
    total: int | None = None
    # Files finished by this step so far (storage paths relative to the story); None when the
    # asset does not report files.
    ready: list[str] | None = None

    def to_metadata(self) -> dict[str, Any]:
        out: dict[str, Any] = {PROGRESS_DONE: self.done, PROGRESS_FAILED: self.failed}
        if self.total is not None:
            out[PROGRESS_TOTAL] = self.total
        if self.ready is not None:
            out[PROGRESS_READY] = ",".join(self.ready)
        return out

    @classmethod
    def from_metadata(cls, data: dict[str, Any]) -> Progress | None:
        """None when the metadata is not a progress observation."""
        if PROGRESS_DONE not in data and PROGRESS_READY not in data:
            return None
        ready = data.get(PROGRESS_READY)
        return cls(
            done=int(data.get(PROGRESS_DONE, 0)),
            failed=int(data.get(PROGRESS_FAILED, 0)),
            total=data.get(PROGRESS_TOTAL),
            ready=[p for p in ready.split(",") if p] if isinstance(ready, str) else None,
        )


# --- run config -----------------------------------------------------------------------------


class PageSelection(BaseModel):
    """Run config of a page asset: which pages to work on and whether to redo valid files.
    The Dagster Config class in defs/ has exactly these fields (checked by a test)."""

    model_config = ConfigDict(extra="forbid")

    pages: list[int] = Field(
        default_factory=list, description="Pages to work on (1-based). Empty means every page."
    )
    force: bool = Field(
        False, description="Regenerate the selected pages even if a valid file exists."
    )
    redo_of: str = Field(
        "",
        description="Set by the quality redo sensor: the run whose failing pages this run "
        "redoes. Recorded on each redone page's manifest entry.",
    )
    redo_reasons: dict[str, str] = Field(
        default_factory=dict,
        description="Set by the quality redo sensor: why each page (by number) is redone.",
    )


class ForceOnly(BaseModel):
    """Run config of the story and the cover."""

    model_config = ConfigDict(extra="forbid")

    force: bool = False


def op_config(selection: dict[str, BaseModel]) -> dict[str, Any]:
    """`{"ops": {asset: {"config": ...}}}` for a run of the given assets."""
    return {"ops": {name: {"config": model.model_dump()} for name, model in selection.items()}}

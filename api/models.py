"""Response models (the request model is the pipeline's StoryRequest, defined once in lib/)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from moretale_assets.lib import contract
from moretale_assets.lib.quality.record import BookQuality, PageQuality
from moretale_assets.lib.schemas import StoryRequest

StoryStatus = Literal["queued", "running", "completed", "failed", "canceled"]


class StoryCreated(BaseModel):
    id: str
    status: StoryStatus
    status_url: str
    result_url: str


class BatchCreated(BaseModel):
    stories: list[StoryCreated]
    count: int


class BatchRequest(BaseModel):
    stories: list[StoryRequest] = Field(min_length=1)


class AssetProgress(BaseModel):
    status: Literal["pending", "running", "done", "failed", "skipped"]
    done: int = 0
    failed: int = 0
    total: int | None = None


# The asset stages are the contract's asset names, in the order the book job runs them.
Stage = Literal[  # type: ignore[valid-type]
    ("queued", "starting", *contract.ASSET_NAMES, "finishing", "done", "failure", "canceled")
]


class Progress(BaseModel):
    # The asset stages name the step running now or, between steps, the one about to run;
    # "finishing" is after the last asset (checks, run teardown).
    stage: Stage
    percent: int
    assets: dict[str, AssetProgress]


class ErrorDetail(BaseModel):
    code: str
    message: str
    detail: Any | None = None


class ResultSummary(BaseModel):
    title_primary: str | None
    title_secondary: str | None
    has_partial_failures: bool
    failed_pages: list[dict[str, Any]]
    result_url: str


class StorySummary(BaseModel):
    id: str
    status: StoryStatus
    created_at: datetime
    updated_at: datetime
    child_name: str
    primary_lang: str
    secondary_lang: str
    page_count: int
    title_primary: str | None
    title_secondary: str | None
    has_partial_failures: bool
    cover_url: str | None = None


class StoryList(BaseModel):
    items: list[StorySummary]
    next_cursor: str | None


class StoryDetail(BaseModel):
    id: str
    status: StoryStatus
    created_at: datetime
    updated_at: datetime
    request: StoryRequest
    progress: Progress | None
    result: ResultSummary | None
    error: ErrorDetail | None
    run_id: str | None


class RegenerateRequest(BaseModel):
    pages: list[int] | None = Field(
        None, description="Pages to regenerate (1-based); omit for every page."
    )
    force: bool = Field(
        False,
        description="Regenerate even pages whose files are valid. By default only missing, "
        "failed or stale pages (made from other text or prompt) are redone.",
    )


class RegenerateAccepted(BaseModel):
    id: str
    run_id: str
    status: StoryStatus
    assets: list[str]
    pages: list[int] | None


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, bool] = Field(default_factory=dict)
    read_cache: dict[str, int] | None = Field(
        None, description="readyz only: entries, bytes, max_bytes, hits, misses, evictions"
    )
    models: dict[str, str] | None = Field(None, description="readyz only: configured models")
    quota_blocks: list[str] | None = Field(
        None, description="readyz only: models blocked for the day, with reset and next probe"
    )


PageAssetStatus = Literal[
    "not_requested",
    "pending",
    "generated",
    "skipped_exists",
    "skipped_empty_text",
    "failed",
    "missing",
]


class Vocabulary(BaseModel):
    entry_id: str | None
    primary_word: str
    secondary_word: str
    primary_definition: str
    secondary_definition: str


class RedoneItem(BaseModel):
    """One file of a page redone by the quality checks, as its manifest entry records it."""

    item: Literal["illustration", "audio_primary", "audio_secondary"]
    reason: str = Field(description="The failing sub-checks and what they found")
    attempt: int = Field(description="The how-manieth check redo of this file in a row (1: first)")
    of_run: str = Field(description="The run whose quality check failed the page")


class PageResult(BaseModel):
    page_number: int
    text_primary: str
    text_secondary: str
    illustration_prompt: str
    illustration_scene_prompt: str | None
    illustration_url: str | None
    has_illustration: bool
    illustration_status: PageAssetStatus
    illustration_error: str | None
    audio_primary_url: str | None
    audio_secondary_url: str | None
    has_primary_audio: bool
    has_secondary_audio: bool
    audio_primary_status: PageAssetStatus
    audio_primary_error: str | None
    audio_secondary_status: PageAssetStatus
    audio_secondary_error: str | None
    vocabulary: list[Vocabulary]
    quality: PageQuality = Field(
        description="The page's quality checks: pass/warn/fail, reasons, each sub-check's result"
    )
    redone_by_checks: list[RedoneItem] = Field(
        description="Files of this page the quality checks found failing and had made again"
    )


class AssetSummary(BaseModel):
    enabled: bool
    total_tasks: int
    generated: int
    skipped: int
    failed: int
    pending: int
    manifest_url: str | None


class TtsSummary(AssetSummary):
    voice: str


class IllustrationSummary(AssetSummary):
    aspect_ratio: str


class CoverSummary(BaseModel):
    enabled: bool
    url: str | None
    has_cover: bool
    status: PageAssetStatus
    error: str | None
    prompt: str | None
    aspect_ratio: str


class AssetsSummary(BaseModel):
    tts: TtsSummary
    illustrations: IllustrationSummary
    cover: CoverSummary
    has_partial_failures: bool


class BookMeta(BaseModel):
    title_primary: str
    title_secondary: str
    author_name: str
    primary_language: str
    secondary_language: str
    page_count: int
    image_style: str
    main_character_design: str


class BookResult(BaseModel):
    """The whole book. URLs are root-relative (`/static/outputs/...`) unless the server is
    configured with MORETALE_PUBLIC_BASE_URL, in which case they are absolute."""

    id: str
    status: StoryStatus
    story_json_url: str
    meta: BookMeta
    assets: AssetsSummary
    failed_pages: list[dict[str, Any]]
    quality: BookQuality = Field(
        description="The book's quality checks (story, narration, pictures): status, score, "
        "each check; updated whenever a check runs (a book run, a redo, the Dagster UI)"
    )
    pages: list[PageResult]

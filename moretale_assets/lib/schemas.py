"""The one definition of each MoreTale concept, shared by the pipeline and the API.

Story JSON keys follow MoreTale's story schema so existing readers (viewer, backend) keep working.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from moretale_assets.lib.causes import cause_of
from moretale_assets.lib.languages import LANGUAGES, normalize_language
from moretale_assets.lib.providers.gemini.config import IMAGE_MODELS, STORY_MODELS, TTS_MODELS

MIN_PAGES, MAX_PAGES, DEFAULT_PAGES = 4, 32, 24

# The schema lists the allowlist (names and ISO codes; any case is accepted too).
LanguageField = Annotated[
    str,
    AfterValidator(normalize_language),
    WithJsonSchema(
        {"type": "string", "enum": [v for lang in LANGUAGES for v in (lang.name, lang.code)]}
    ),
]
AspectRatio = Literal["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]

VOICE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def _allow(options: tuple[str, ...]) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and value not in options:
            raise ValueError(f"unsupported model {value!r}; allowed: {', '.join(options)}")
        return value

    return AfterValidator(check)


class GenerationOptions(BaseModel):
    """What to generate and with which models; empty model fields use the configured default."""

    model_config = ConfigDict(extra="forbid")

    enable_tts: bool = True
    enable_illustration: bool = True
    enable_cover: bool = True
    tts_voice: str = "Achernar"
    page_aspect_ratio: AspectRatio = "1:1"
    cover_aspect_ratio: AspectRatio = "5:4"
    story_model: Annotated[str | None, _allow(STORY_MODELS)] = None
    tts_model: Annotated[str | None, _allow(TTS_MODELS)] = None
    illustration_model: Annotated[str | None, _allow(IMAGE_MODELS)] = None

    @field_validator("tts_voice")
    @classmethod
    def _voice(cls, value: str) -> str:
        if not VOICE_RE.match(value):
            raise ValueError("tts_voice must be a voice name of letters, digits, '_' or '-'")
        return value


class StoryRequest(BaseModel):
    """A request for one book. Recorded as `request.json` beside the book's files."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    child_name: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    child_age: Annotated[int | None, Field(ge=2, le=12)] = None
    primary_lang: LanguageField
    secondary_lang: LanguageField
    theme: Annotated[str, StringConstraints(max_length=120)] = ""
    extra_prompt: Annotated[str, StringConstraints(max_length=2000)] = ""
    page_count: Annotated[int, Field(ge=MIN_PAGES, le=MAX_PAGES)] = DEFAULT_PAGES
    generation: GenerationOptions = Field(default_factory=GenerationOptions)

    @field_validator("child_name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        if any(not ch.isprintable() for ch in value):
            raise ValueError("child_name must not contain control characters")
        return value

    @model_validator(mode="after")
    def _two_languages(self) -> StoryRequest:
        if self.primary_lang == self.secondary_lang:
            raise ValueError("primary_lang and secondary_lang must be different languages")
        return self


class VocabularyEntry(BaseModel):
    entry_id: str | None = None
    primary_word: str
    secondary_word: str
    primary_definition: str = ""
    secondary_definition: str = ""


NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Page(BaseModel):
    page_number: Annotated[int, Field(ge=1)]
    text_primary: NonBlank
    text_secondary: NonBlank
    illustration_prompt: NonBlank
    illustration_scene_prompt: str | None = None
    vocabulary: list[VocabularyEntry] = Field(default_factory=list)


class Story(BaseModel):
    """MoreTale's story JSON. Validate with `context={"page_count": n}` to pin the length."""

    title_primary: NonBlank
    title_secondary: NonBlank
    author_name: str
    primary_language: LanguageField
    secondary_language: LanguageField
    image_style: str
    main_character_design: str
    illustration_prefix: str | None = None
    cover_illustration_prompt: str | None = None
    pages: list[Page]

    @field_validator("pages")
    @classmethod
    def _pages_in_order(cls, pages: list[Page], info: ValidationInfo) -> list[Page]:
        expected = (info.context or {}).get("page_count")
        if expected is not None and len(pages) != expected:
            raise ValueError(f"expected exactly {expected} pages, got {len(pages)}")
        if not pages:
            raise ValueError("a story needs at least one page")
        numbers = [p.page_number for p in pages]
        if numbers != list(range(1, len(pages) + 1)):
            raise ValueError(f"pages must be numbered 1..{len(pages)} in order, got {numbers}")
        return pages

    def page(self, number: int) -> Page:
        return self.pages[number - 1]


# --- manifests -------------------------------------------------------------------------------

AssetStatus = Literal["generated", "skipped_exists", "skipped_empty_text", "failed"]


class Redo(BaseModel):
    """A page the quality checks found failing and had made again (defs/quality/redo.py)."""

    by: Literal["quality_checks"] = "quality_checks"
    reason: str  # the failing sub-checks and what they found, "not_blank: blank: ..."
    attempt: int  # the how-manieth check redo of this page in a row (1: the first)
    of_run: str  # the run whose quality check failed the page


class Provenance(BaseModel):
    """Who made a file and how: kept per page so a bad page can be explained and redone."""

    provider: str | None = None
    model: str | None = None
    voice: str | None = None
    prompt: str | None = None
    seed: int | None = None
    # How many forced redos this item has had: part of the seed, so a forced redo draws
    # something new while a repair of a lost file draws the recorded one again.
    regeneration: int = 0
    run_id: str | None = None  # the Dagster run that made (or last tried to make) the file
    redo: Redo | None = None  # set when the quality checks had this file made again
    attempt: int | None = None
    elapsed_ms: float | None = None
    bytes: int | None = None
    sha256: str | None = None
    # quota | safety | provider_down | bad_reply | config | other, for failed entries
    cause: str | None = None

    @model_validator(mode="after")
    def _cause_from_error(self) -> Provenance:
        error = getattr(self, "error", None)
        if self.cause is None and error and getattr(self, "status", "") == "failed":
            self.cause = cause_of(error)
        return self


class AudioEntry(Provenance):
    page_number: int
    language: str
    role: Literal["primary", "secondary"]
    path: str | None = None
    status: AssetStatus
    error: str | None = None
    duration_s: float | None = None
    sample_rate: int | None = None


class AudioManifest(BaseModel):
    primary_language: str
    secondary_language: str
    total_tasks: int = 0
    generated: int = 0
    skipped: int = 0
    failed: int = 0
    entries: list[AudioEntry] = Field(default_factory=list)

    def recount(self) -> AudioManifest:
        return _recount(self)


class PixelStats(BaseModel):
    """What the picture check measures in a picture's pixels, taken where the pixels were
    already in memory (when it was drawn), so the check need not decode the PNG again. Valid
    only for the bytes whose sha256 it names: the check recomputes from the file otherwise."""

    sha256: str
    spread: float  # grey-level standard deviation of a ~64 px thumbnail
    colours: int  # distinct colours in that thumbnail
    text_score: float | None = None  # the text-stroke detector's score, when it was run


class IllustrationEntry(Provenance):
    asset_type: Literal["page", "cover"]
    page_number: int | None = None
    status: AssetStatus
    path: str | None = None
    prompt_mode: str | None = None
    aspect_ratio: str
    width: int | None = None
    height: int | None = None
    error: str | None = None
    rewording: str | None = None  # how the prompt was reworded after a safety block
    sent_prompt: str | None = None  # the prompt that finally passed, when reworded
    pixels: PixelStats | None = None  # measured when drawn (offline), for the picture check


class IllustrationManifest(BaseModel):
    model_name: str | None = None
    aspect_ratio: str
    page_aspect_ratio: str
    cover_aspect_ratio: str | None = None
    total_tasks: int = 0
    generated: int = 0
    skipped: int = 0
    failed: int = 0
    entries: list[IllustrationEntry] = Field(default_factory=list)

    def recount(self) -> IllustrationManifest:
        return _recount(self)


def _recount(manifest: Any) -> Any:
    entries = manifest.entries
    manifest.total_tasks = len(entries)
    manifest.generated = sum(e.status == "generated" for e in entries)
    manifest.skipped = sum(e.status.startswith("skipped") for e in entries)
    manifest.failed = sum(e.status == "failed" for e in entries)
    return manifest


class StoryMeta(BaseModel):
    """`meta.json` (layout.META) beside the book: what only the API knows, kept in storage so
    a deleted catalog can be rebuilt from Dagster plus storage."""

    created_at: float
    request_hash: str
    idempotency_key: str | None = None
    deleted_at: float | None = None
    set_name: str | None = None  # the story set it was submitted in
    callback_url: str | None = None  # where its webhooks go (api/webhooks)

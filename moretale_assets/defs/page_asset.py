"""One factory for the page-by-page assets (narration, page pictures, the cover).

A `PageKind` spec says how one kind of page item is listed, made, validated, turned into a
manifest entry and recorded; `build(spec)` builds the asset, its partitioned completeness
check and its metadata. The loop, the skip rule, the manifest merge, progress and the Failure
that names the pages are written once, here. A new kind of page work is one new spec module.
"""

import hashlib
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import dagster as dg
from pydantic import BaseModel, ValidationError

from moretale_assets.defs.page_step import (
    RETRY,
    CoverConfig,
    PageSelection,
    ProgressReporter,
    fail_if_any,
    kept_entry,
    outcome_metadata,
    page_table,
    retry_settings,
    row,
    run_pages,
    selected_pages,
)
from moretale_assets.defs.partitions import stories
from moretale_assets.defs.resources import PageWorkResource
from moretale_assets.lib import contract
from moretale_assets.lib.item_runner import Item, Outcome
from moretale_assets.lib.layout import Book
from moretale_assets.lib.schemas import Provenance, Redo, Story, StoryRequest
from moretale_assets.lib.storage import NotFound

R = TypeVar("R")  # what the provider returns for one item (Speech, Picture)
E = TypeVar("E", bound=Provenance)  # a manifest entry
M = TypeVar("M", bound=BaseModel)  # the manifest


class Provider(Protocol):
    provider: str
    model: str


P = TypeVar("P", bound=Provider)


@dataclass(frozen=True)
class Tools(Generic[P]):
    """What a spec makes items with in one step: a provider (speech, illustrator), plus the
    step's own choices in a subclass (a voice, a reference picture)."""

    maker: P

    @property
    def provider(self) -> str:
        return self.maker.provider

    @property
    def model(self) -> str:
        return self.maker.model


@dataclass(frozen=True)
class Files:
    """Where a kind's files are recorded and what they are."""

    content_type: str
    manifest_path: str
    manifest_cls: type[BaseModel]
    entry_cls: type[Provenance]


@dataclass(frozen=True)
class Check:
    name: str
    description: str


@dataclass
class Source:
    """One story's recorded request and story, and its files."""

    book: Book
    request: StoryRequest
    story: Story


@dataclass
class Step(Source):
    """One run of a page asset for one story."""

    context: dg.AssetExecutionContext
    tools: Any
    page_work: PageWorkResource
    force: bool
    redo_of: str = ""  # the run whose quality check failed the pages this step redoes
    redo_reasons: dict[int, str] = field(default_factory=dict)  # page -> why


@dataclass
class Made(Generic[R, M]):
    """What a step did: its items, their outcomes in the same order, the merged manifest."""

    items: list[Any]
    outcomes: list[Outcome[R]]
    manifest: M


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PageKind(ABC, Generic[R, E, M]):
    """The spec of one kind of page item. Class attributes describe the asset; methods say how
    its items are listed, made, validated and recorded."""

    asset: ClassVar[contract.AssetContract]  # name, group, pool, run config
    description: ClassVar[str]
    kinds: ClassVar[frozenset[str]]
    deps: ClassVar[Sequence[str]]
    noun: ClassVar[str]  # in the Failure message: "2 narration item(s) failed"
    resource_key: ClassVar[str]  # the provider resource ("speech", "illustrator")
    files: ClassVar[Files]
    check: ClassVar[Check | None] = None  # the partitioned completeness check

    # --- listing -----------------------------------------------------------------------------
    @abstractmethod
    def enabled(self, request: StoryRequest) -> bool: ...

    @abstractmethod
    def items(self, src: Source, pages: list[int] | None) -> list[Any]:
        """The items of the selected pages (None: every item of the book)."""

    def all_items_in_manifest(self, src: Source) -> list[Any]:
        """Every item the manifest file can hold (for a rebuild from disk). The cover and the
        pages share one manifest, so their specs say so here."""
        return self.items(src, None)

    # --- making ------------------------------------------------------------------------------
    @abstractmethod
    def tools(self, resource: Any, src: Source) -> Tools[Any]: ...

    @abstractmethod
    def make(self, tools: Any, item: Any) -> R: ...

    @abstractmethod
    def data(self, result: R) -> bytes:
        """The file's bytes in a provider result."""

    def batch(
        self, step: Step, pending: list[Any], progress: ProgressReporter
    ) -> tuple[dict[Any, Outcome[R]], dict[str, Any]]:
        """An optional pass before the per-item one (several items per provider call): the
        outcomes it produced by item key, and metadata about it."""
        return {}, {}

    # --- validating --------------------------------------------------------------------------
    @abstractmethod
    def is_valid(self, data: bytes) -> bool:
        """The file parses as what this kind makes (a WAV of speech, a PNG)."""

    # --- recording ---------------------------------------------------------------------------
    @abstractmethod
    def entry_key(self, entry: Any) -> Any:
        """The key of a manifest entry; equals the key of the item it describes."""

    @abstractmethod
    def item_fields(self, item: Any) -> dict[str, Any]:
        """Entry fields of this kind that come from the item alone (language, seed...)."""

    def base_fields(self, item: Any) -> dict[str, Any]:
        """Entry fields that come from the item alone."""
        fields = {"page_number": item.page, "prompt": item.text, "path": item.path}
        return {**fields, **self.item_fields(item)}

    @abstractmethod
    def made_fields(self, result: R) -> dict[str, Any]:
        """Entry fields from a provider result (model, voice, size, duration...)."""

    def file_fields(self, data: bytes) -> dict[str, Any]:
        """Entry fields read from a file found on disk."""
        return {}

    def failed_fields(self, tools: Any) -> dict[str, Any]:
        return {}

    def regenerated(self, src: Source, item: Any, regeneration: int) -> Any:
        """The item as made for its `regeneration`-th forced redo (a drawing's seed)."""
        return item

    @abstractmethod
    def manifest(self, step: Step, entries: list[Any]) -> M:
        """The manifest holding these entries (sorted by entry_key), recounted."""

    def extra_metadata(self, step: Step, made: Made[R, M]) -> dict[str, Any]:
        return {}

    # --- derived (not meant to be overridden) ------------------------------------------------
    def is_done(self, book: Book, item: Any, old: Any | None) -> bool:
        """A valid file that is the one the manifest recorded for this item."""
        # A file made from other text (the story was rewritten) is stale, not done.
        if old is not None and old.prompt is not None and old.prompt != item.text:
            return False
        try:
            data = book.get(item.path)
        except NotFound:
            return False
        if not self.is_valid(data):
            return False
        # A valid file that is not the one recorded (copied from another page, edited) is
        # redone. Entries of failed attempts record no file, so they say nothing about it.
        recorded = old is not None and old.status != "failed" and old.path == item.path
        return not (recorded and old.sha256 is not None and old.sha256 != sha256(data))

    def lineage(self, step: Step, item: Any, old: Any | None) -> dict[str, Any]:
        """Entry fields that say which redo made the item: its regeneration (a forced redo
        counts up, a repair keeps the recorded one; a step retry within the run keeps its
        own), the run, and the quality checks' reason when they asked for it."""
        run_id = step.context.run.run_id
        regeneration = old.regeneration if old is not None else 0
        if step.force and old is not None and old.run_id != run_id:
            regeneration += 1
        fields: dict[str, Any] = {"regeneration": regeneration, "run_id": run_id}
        reason = step.redo_reasons.get(item.page) if step.redo_of else None
        if reason:
            prior = old.redo if old is not None else None
            attempt = 1 if prior is None else prior.attempt + (prior.of_run != step.redo_of)
            fields["redo"] = Redo(reason=reason, attempt=attempt, of_run=step.redo_of)
        return fields

    def entry_for(self, step: Step, item: Any, o: Outcome[R], old: Any | None) -> Any:
        base: dict[str, Any] = {
            **self.base_fields(item),
            **self.lineage(step, item, old),
            "attempt": o.attempts,
            "elapsed_ms": round(o.elapsed_ms, 1),
        }
        if o.status == "generated" and o.result is not None:
            data = self.data(o.result)
            return self.files.entry_cls(
                **base,
                status="generated",
                provider=step.tools.provider,
                bytes=len(data),
                sha256=sha256(data),
                **self.made_fields(o.result),
            )
        if o.status == "skipped_exists":
            if (kept := kept_entry(old, item.path)) is not None:
                return kept
            return self.entry_from_disk(step.book, item, base)
        return self.files.entry_cls(
            **{**base, "path": None},
            status="failed",
            error=o.error,
            provider=step.tools.provider,
            model=step.tools.model,
            **self.failed_fields(step.tools),
        )

    def entry_from_disk(self, book: Book, item: Any, base: dict[str, Any] | None = None) -> Any:
        data = book.get(item.path)
        return self.files.entry_cls(
            **(base if base is not None else self.base_fields(item)),
            status="skipped_exists",
            bytes=len(data),
            sha256=sha256(data),
            **self.file_fields(data),
        )

    def old_entries(self, context: Any, src: Source) -> dict[Any, Any]:
        """The manifest's entries by key. A manifest that does not parse (truncated, corrupt)
        is rebuilt from the valid files on disk rather than failing the step."""
        book, path = src.book, self.files.manifest_path
        try:
            manifest = book.get_model(path, self.files.manifest_cls)
        except NotFound:
            return {}
        except ValidationError as exc:
            context.log.warning(
                f"{path} of {book.story_id} is unreadable "
                f"({exc.error_count()} error(s), first: {exc.errors()[0]['msg']}); "
                "rebuilding it from the files on disk"
            )
            rebuilt = {}
            for item in self.all_items_in_manifest(src):
                if self.is_done(book, item, None):
                    rebuilt[item.key] = self.entry_from_disk(book, item)
            return rebuilt
        return {self.entry_key(e): e for e in manifest.entries}  # type: ignore[attr-defined]


def run_step(spec: PageKind[Any, Any, Any], step: Step, items: list[Any]) -> dict[str, Any]:
    """Make the items, merge their entries into the manifest, and return the metadata (or
    raise the Failure that names the failed pages)."""
    started = time.perf_counter()
    context, book = step.context, step.book
    old = spec.old_entries(context, step)
    items = [
        spec.regenerated(step, i, spec.lineage(step, i, old.get(i.key))["regeneration"])
        for i in items
    ]

    def done(item: Any) -> bool:
        return not step.force and spec.is_done(book, item, old.get(item.key))

    progress = ProgressReporter(context, len(items), {i.label: i.path for i in items})
    batched, batch_metadata = spec.batch(step, [i for i in items if not done(i)], progress)

    def to_item(item: Any) -> Item[Any]:
        def make(_attempt: int) -> Any:
            result = spec.make(step.tools, item)
            book.put(item.path, spec.data(result), spec.files.content_type)
            return result

        return Item(item.label, item.page, lambda: item.key in batched or done(item), make)

    outcomes = run_pages(
        context,
        [to_item(i) for i in items],
        workers=step.page_work.workers,
        retry=retry_settings(step.page_work.attempts),
        on_outcome=progress,
    )
    progress.emit()
    outcomes = [batched.get(i.key, o) for i, o in zip(items, outcomes, strict=True)]
    entries = dict(old)
    for i, o in zip(items, outcomes, strict=True):
        entries[i.key] = spec.entry_for(step, i, o, old.get(i.key))
    # Entry keys are tuples of str/int chosen so that tuple order is the manifest's order.
    manifest = spec.manifest(step, [entries[k] for k in sorted(entries)])
    book.put_model(spec.files.manifest_path, manifest)

    metadata: dict[str, Any] = {
        **outcome_metadata(outcomes, time.perf_counter() - started),
        contract.PROVIDER: step.tools.provider,
        contract.MODEL: step.tools.model,
        **batch_metadata,
        **spec.extra_metadata(step, Made(items, outcomes, manifest)),
        contract.MANIFEST_URI: dg.MetadataValue.url(book.uri(spec.files.manifest_path)),
        contract.PAGE_TABLE: page_table(
            [
                row(o, book.uri(i.path) if o.status != "failed" else None)
                for i, o in zip(items, outcomes, strict=True)
            ]
        ),
    }
    # The last allowed attempt fails for good, so the step's final failure is this Failure
    # (pages, causes, table) rather than Dagster's bare "Exceeded max_retries".
    last_try = context.retry_number >= RETRY.max_retries
    fail_if_any(spec.noun, outcomes, metadata, final=last_try)
    return metadata


def build(spec: PageKind[Any, Any, Any]) -> tuple[dg.AssetsDefinition, ...]:
    """The asset (and its partitioned completeness check, if the spec names one)."""
    resource_key = spec.resource_key

    def body(context: dg.AssetExecutionContext, config: Any) -> dg.MaterializeResult:
        resources = context.resources
        book = Book(resources.storage.open(), context.partition_key)
        request, story = book.request(), book.story()
        if not spec.enabled(request):
            return dg.MaterializeResult(metadata={contract.ENABLED: False})
        pages = selected_pages(story, config) if isinstance(config, PageSelection) else None
        src = Source(book, request, story)
        step = Step(
            book,
            request,
            story,
            context=context,
            tools=spec.tools(getattr(resources, resource_key), src),
            page_work=resources.page_work,
            force=config.force,
            redo_of=getattr(config, "redo_of", ""),
            redo_reasons={int(p): why for p, why in getattr(config, "redo_reasons", {}).items()},
        )
        items = spec.items(src, pages)
        return dg.MaterializeResult(metadata=run_step(spec, step, items))

    decorate = dg.asset(
        name=spec.asset.name,
        partitions_def=stories,
        deps=list(spec.deps),
        group_name=spec.asset.group,
        kinds=set(spec.kinds),
        pool=spec.asset.pool,
        retry_policy=RETRY,
        description=spec.description,
        required_resource_keys={"storage", "page_work", resource_key},
    )
    # Dagster reads the run-config type from the annotation: pages + force for page assets,
    # force alone for the others.
    if spec.asset.page_selection:

        def pages_fn(context: dg.AssetExecutionContext, config: PageSelection):  # type: ignore[no-untyped-def]
            return body(context, config)

        asset = decorate(pages_fn)
    else:

        def force_fn(context: dg.AssetExecutionContext, config: CoverConfig):  # type: ignore[no-untyped-def]
            return body(context, config)

        asset = decorate(force_fn)
    if spec.check is None:
        return (asset,)
    return asset, completeness_check(spec, spec.check, asset)


def completeness_check(
    spec: PageKind[Any, Any, Any], check_spec: Check, asset: dg.AssetsDefinition
) -> dg.AssetChecksDefinition:
    """Every item of the story has a valid file, the one its manifest entry records. Partitioned
    like the asset, so each story has its own check result."""

    @dg.asset_check(
        asset=asset,
        name=check_spec.name,
        description=check_spec.description,
        partitions_def=stories,
        required_resource_keys={"storage"},
    )
    def check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        book = Book(context.resources.storage.open(), context.partition_key)
        src = Source(book, book.request(), book.story())
        if not spec.enabled(src.request):
            return dg.AssetCheckResult(passed=True, metadata={contract.ENABLED: False})
        items = spec.items(src, None)
        old = spec.old_entries(context, src)
        missing = [i.label for i in items if not spec.is_done(book, i, old.get(i.key))]
        return dg.AssetCheckResult(
            passed=not missing,
            metadata={"missing": dg.MetadataValue.json(missing), "expected": len(items)},
        )

    return check

"""Illustrations: the cover first (it is the character reference for every page), then pages."""

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import dagster as dg

from moretale_assets.defs.pages import (
    RETRY,
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
from moretale_assets.defs.resources import IllustratorResource, PageWorkResource, StorageResource
from moretale_assets.defs.story.assets import story
from moretale_assets.lib import book as layout
from moretale_assets.lib import prompts
from moretale_assets.lib.book import Book, illustration_path
from moretale_assets.lib.images import thumbnail
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.pagework import Item, Outcome
from moretale_assets.lib.providers.base import Illustrator, ImageKind, Picture
from moretale_assets.lib.schemas import IllustrationEntry, IllustrationManifest, StoryRequest
from moretale_assets.lib.storage import NotFound


@dataclass(frozen=True)
class Drawing:
    kind: ImageKind
    page: int | None
    prompt: str
    prompt_mode: str
    aspect_ratio: str
    seed: int

    @property
    def path(self) -> str:
        return layout.COVER if self.kind == "cover" else illustration_path(self.page or 0)

    @property
    def label(self) -> str:
        return "cover" if self.kind == "cover" else f"page_{self.page:02d}"

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.page or 0)


def seed_for(story_id: str, label: str) -> int:
    """Stable per page, so a regenerated page is reproducible and the seed can be recorded."""
    return int.from_bytes(hashlib.sha256(f"{story_id}/{label}".encode()).digest()[:4], "big")


def is_done(book: Book, d: Drawing, old: IllustrationEntry | None) -> bool:
    if old is not None and old.prompt is not None and old.prompt != d.prompt:
        return False
    try:
        return is_valid_png(book.get(d.path))
    except NotFound:
        return False


def entry_for(
    book: Book, d: Drawing, o: Outcome[Picture], old: IllustrationEntry | None, artist: Illustrator
) -> IllustrationEntry:
    base: dict[str, Any] = {
        "asset_type": d.kind,
        "page_number": d.page,
        "prompt": d.prompt,
        "prompt_mode": d.prompt_mode,
        "aspect_ratio": d.aspect_ratio,
        "path": d.path,
        "seed": d.seed,
        "attempt": o.attempts,
        "elapsed_ms": round(o.elapsed_ms, 1),
    }
    if o.status == "generated" and o.result is not None:
        pic = o.result
        return IllustrationEntry(
            **base,
            status="generated",
            provider=artist.provider,
            model=pic.model,
            width=pic.width,
            height=pic.height,
            bytes=len(pic.png),
            sha256=hashlib.sha256(pic.png).hexdigest(),
        )
    if o.status == "skipped_exists":
        if (kept := kept_entry(old, d.path)) is not None:
            return kept
        png = book.get(d.path)
        return IllustrationEntry(
            **base,
            status="skipped_exists",
            bytes=len(png),
            sha256=hashlib.sha256(png).hexdigest(),
        )
    return IllustrationEntry(
        **{**base, "path": None},
        status="failed",
        error=o.error,
        provider=artist.provider,
        model=artist.model,
    )


def draw_all(
    context: dg.AssetExecutionContext,
    book: Book,
    request: StoryRequest,
    drawings: list[Drawing],
    *,
    artist: Illustrator,
    page_work: PageWorkResource,
    force: bool,
    reference_png: bytes | None,
) -> tuple[list[Outcome[Picture]], IllustrationManifest]:
    """Draw, then merge the outcomes into illustrations/manifest.json (shared by both assets)."""
    manifest = book.illustration_manifest()
    old = {(e.asset_type, e.page_number or 0): e for e in manifest.entries} if manifest else {}

    def to_item(d: Drawing) -> Item[Picture]:
        def make(_attempt: int) -> Picture:
            pic = artist.draw(
                d.prompt,
                kind=d.kind,
                aspect_ratio=d.aspect_ratio,
                seed=d.seed,
                reference_png=reference_png,
            )
            book.put(d.path, pic.png, "image/png")
            return pic

        return Item(d.label, d.page, lambda: not force and is_done(book, d, old.get(d.key)), make)

    progress = ProgressReporter(context, len(drawings), {d.label: d.path for d in drawings})
    outcomes = run_pages(
        context,
        [to_item(d) for d in drawings],
        workers=page_work.workers,
        retry=retry_settings(page_work.attempts),
        on_outcome=progress,
    )
    progress.emit()
    entries = dict(old)
    for d, o in zip(drawings, outcomes, strict=True):
        entries[d.key] = entry_for(book, d, o, old.get(d.key), artist)
    gen = request.generation
    merged = IllustrationManifest(
        model_name=artist.model,
        aspect_ratio=gen.page_aspect_ratio,
        page_aspect_ratio=gen.page_aspect_ratio,
        cover_aspect_ratio=gen.cover_aspect_ratio if gen.enable_cover else None,
        # cover first, then pages in order
        entries=[entries[k] for k in sorted(entries, key=lambda k: (k[0] != "cover", k[1]))],
    ).recount()
    book.put_model(layout.ILLUSTRATION_MANIFEST, merged)
    return outcomes, merged


def result_metadata(
    book: Book,
    drawings: list[Drawing],
    outcomes: list[Outcome[Picture]],
    artist: Illustrator,
    started: float,
) -> dict[str, Any]:
    return {
        **outcome_metadata(outcomes, time.perf_counter() - started),
        "provider": artist.provider,
        "model": artist.model,
        "manifest_uri": dg.MetadataValue.url(book.uri(layout.ILLUSTRATION_MANIFEST)),
        "pages": page_table(
            [
                row(o, book.uri(d.path) if o.status != "failed" else None)
                for d, o in zip(drawings, outcomes, strict=True)
            ]
        ),
    }


class CoverConfig(dg.Config):
    force: bool = False


@dg.asset(
    partitions_def=stories,
    deps=[story],
    group_name="illustration",
    kinds={"python", "png"},
    pool="illustrator",
    retry_policy=RETRY,
    description="The cover (5:4 by default, no text). Drawn first: it is the character "
    "reference sent with every page.",
)
def cover_illustration(
    context: dg.AssetExecutionContext,
    config: CoverConfig,
    storage: StorageResource,
    illustrator: IllustratorResource,
    page_work: PageWorkResource,
) -> dg.MaterializeResult:
    started = time.perf_counter()
    book = Book(storage.open(), context.partition_key)
    request, s = book.request(), book.story()
    gen = request.generation
    if not (gen.enable_illustration and gen.enable_cover):
        return dg.MaterializeResult(metadata={"enabled": False})
    artist = illustrator.get()
    d = Drawing(
        "cover",
        None,
        prompts.cover_prompt(s),
        "cover_prompt",
        gen.cover_aspect_ratio,
        seed_for(book.story_id, "cover"),
    )
    outcomes, _ = draw_all(
        context,
        book,
        request,
        [d],
        artist=artist,
        page_work=page_work,
        force=config.force,
        reference_png=None,
    )
    metadata = result_metadata(book, [d], outcomes, artist, started)
    fail_if_any("cover", outcomes, metadata)
    metadata["cover_uri"] = dg.MetadataValue.url(book.uri(d.path))
    metadata["preview"] = dg.MetadataValue.md(
        f"### {s.title_primary}\n\n*{s.title_secondary}*\n\n"
        f"![cover]({thumbnail.data_uri(book.get(d.path))})"
    )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    partitions_def=stories,
    deps=[story, cover_illustration],
    group_name="illustration",
    kinds={"python", "png"},
    pool="illustrator",
    retry_policy=RETRY,
    description="One illustration per page, drawn with the cover as the character reference.",
)
def page_illustrations(
    context: dg.AssetExecutionContext,
    config: PageSelection,
    storage: StorageResource,
    illustrator: IllustratorResource,
    page_work: PageWorkResource,
) -> dg.MaterializeResult:
    started = time.perf_counter()
    book = Book(storage.open(), context.partition_key)
    request, s = book.request(), book.story()
    gen = request.generation
    if not gen.enable_illustration:
        return dg.MaterializeResult(metadata={"enabled": False})
    artist = illustrator.get()
    drawings = []
    for p in selected_pages(s, config):
        prompt, mode = prompts.page_prompt(s, s.page(p))
        label = f"page_{p:02d}"
        drawings.append(
            Drawing("page", p, prompt, mode, gen.page_aspect_ratio, seed_for(book.story_id, label))
        )
    reference = book.get(layout.COVER) if book.exists(layout.COVER) else None
    outcomes, manifest = draw_all(
        context,
        book,
        request,
        drawings,
        artist=artist,
        page_work=page_work,
        force=config.force,
        reference_png=reference,
    )
    metadata = result_metadata(book, drawings, outcomes, artist, started)
    metadata["reference"] = "cover" if reference else "none"
    metadata["pages_ok"] = dg.MetadataValue.int(
        sum(e.asset_type == "page" and e.status != "failed" for e in manifest.entries)
    )
    fail_if_any("illustration", outcomes, metadata)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset_check(asset=page_illustrations, description="Every page has a valid PNG.")
def illustrations_complete(
    context: dg.AssetCheckExecutionContext, storage: StorageResource
) -> dg.AssetCheckResult:
    book = Book(storage.open(), context.partition_key)
    request, s = book.request(), book.story()
    if not request.generation.enable_illustration:
        return dg.AssetCheckResult(passed=True, metadata={"enabled": False})
    missing = [
        f"page_{p.page_number:02d}"
        for p in s.pages
        if not book.exists(illustration_path(p.page_number))
        or not is_valid_png(book.get(illustration_path(p.page_number)))
    ]
    return dg.AssetCheckResult(
        passed=not missing,
        metadata={"missing": dg.MetadataValue.json(missing), "expected": len(s.pages)},
    )

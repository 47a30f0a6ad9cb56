"""Illustrations: the cover first (it is the character reference for every page), then pages.

Two specs of one kind of item (a drawing) sharing illustrations/manifest.json; `page_asset`
builds `cover_illustration` and `page_illustrations` (with its check) from them."""

import hashlib
from dataclasses import dataclass
from typing import Any

import dagster as dg

from moretale_assets.defs.page_asset import PageKind, Step, page_asset
from moretale_assets.lib import book as layout
from moretale_assets.lib import contract, prompts
from moretale_assets.lib.book import Book, illustration_path
from moretale_assets.lib.images import thumbnail
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.pagework import Outcome
from moretale_assets.lib.providers.base import Illustrator, ImageKind, Picture
from moretale_assets.lib.schemas import (
    IllustrationEntry,
    IllustrationManifest,
    Story,
    StoryRequest,
)


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
        # "cover" sorts before "page": tuple order is the manifest's order.
        return (self.kind, self.page or 0)

    @property
    def text(self) -> str:
        return self.prompt


@dataclass(frozen=True)
class Artist:
    illustrator: Illustrator
    reference_png: bytes | None

    @property
    def provider(self) -> str:
        return self.illustrator.provider

    @property
    def model(self) -> str:
        return self.illustrator.model


def seed_for(story_id: str, label: str) -> int:
    """Stable per page, so a regenerated page is reproducible and the seed can be recorded."""
    return int.from_bytes(hashlib.sha256(f"{story_id}/{label}".encode()).digest()[:4], "big")


def cover_drawing(book: Book, request: StoryRequest, s: Story) -> Drawing:
    gen = request.generation
    return Drawing(
        "cover",
        None,
        prompts.cover_prompt(s),
        "cover_prompt",
        gen.cover_aspect_ratio,
        seed_for(book.story_id, "cover"),
    )


def page_drawings(
    book: Book, request: StoryRequest, s: Story, pages: list[int] | None
) -> list[Drawing]:
    drawings = []
    for p in pages if pages is not None else [pg.page_number for pg in s.pages]:
        prompt, mode = prompts.page_prompt(s, s.page(p))
        label = f"page_{p:02d}"
        drawings.append(
            Drawing(
                "page",
                p,
                prompt,
                mode,
                request.generation.page_aspect_ratio,
                seed_for(book.story_id, label),
            )
        )
    return drawings


class DrawingKind(PageKind[Picture, IllustrationEntry, IllustrationManifest]):
    """What the cover and the pages share: how a drawing is made, validated and recorded."""

    kinds = frozenset({"python", "png"})
    noun = "illustration"
    resource_key = "illustrator"
    content_type = "image/png"
    manifest_path = layout.ILLUSTRATION_MANIFEST
    manifest_cls = IllustrationManifest
    entry_cls = IllustrationEntry

    def all_items_in_manifest(self, book: Book, request: StoryRequest, s: Story) -> list[Any]:
        gen = request.generation
        cover = [cover_drawing(book, request, s)] if gen.enable_cover else []
        return cover + page_drawings(book, request, s, None)

    def make(self, tools: Artist, item: Drawing) -> Picture:
        return tools.illustrator.draw(
            item.prompt,
            kind=item.kind,
            aspect_ratio=item.aspect_ratio,
            seed=item.seed,
            reference_png=tools.reference_png,
        )

    def data(self, result: Picture) -> bytes:
        return result.png

    def is_valid(self, data: bytes) -> bool:
        return is_valid_png(data)

    def entry_key(self, entry: IllustrationEntry) -> tuple[str, int]:
        return (entry.asset_type, entry.page_number or 0)

    def base_fields(self, item: Drawing) -> dict[str, Any]:
        return {
            "asset_type": item.kind,
            "page_number": item.page,
            "prompt": item.prompt,
            "prompt_mode": item.prompt_mode,
            "aspect_ratio": item.aspect_ratio,
            "path": item.path,
            "seed": item.seed,
        }

    def made_fields(self, result: Picture) -> dict[str, Any]:
        return {"model": result.model, "width": result.width, "height": result.height}

    def manifest(self, step: Step, entries: list[IllustrationEntry]) -> IllustrationManifest:
        gen = step.request.generation
        return IllustrationManifest(
            model_name=step.tools.model,
            aspect_ratio=gen.page_aspect_ratio,
            page_aspect_ratio=gen.page_aspect_ratio,
            cover_aspect_ratio=gen.cover_aspect_ratio if gen.enable_cover else None,
            entries=entries,
        ).recount()


class CoverKind(DrawingKind):
    asset = contract.BY_NAME[contract.COVER_ILLUSTRATION]
    description = (
        "The cover (5:4 by default, no text). Drawn first: it is the character reference "
        "sent with every page."
    )
    deps = (contract.STORY,)
    noun = "cover"

    def enabled(self, request: StoryRequest) -> bool:
        gen = request.generation
        return gen.enable_illustration and gen.enable_cover

    def items(
        self, book: Book, request: StoryRequest, s: Story, pages: list[int] | None
    ) -> list[Drawing]:
        return [cover_drawing(book, request, s)]

    def tools(self, resource: Any, book: Book, request: StoryRequest) -> Artist:
        return Artist(resource.get(), None)

    def extra_metadata(
        self,
        step: Step,
        items: list[Drawing],
        outcomes: list[Outcome[Picture]],
        manifest: IllustrationManifest,
    ) -> dict[str, Any]:
        if outcomes[0].status == "failed":
            return {}
        s, path = step.story, items[0].path
        return {
            contract.COVER_URI: dg.MetadataValue.url(step.book.uri(path)),
            "preview": dg.MetadataValue.md(
                f"### {s.title_primary}\n\n*{s.title_secondary}*\n\n"
                f"![cover]({thumbnail.data_uri(step.book.get(path))})"
            ),
        }


class PagePictureKind(DrawingKind):
    asset = contract.BY_NAME[contract.PAGE_ILLUSTRATIONS]
    description = "One illustration per page, drawn with the cover as the character reference."
    deps = (contract.STORY, contract.COVER_ILLUSTRATION)
    check_name = contract.CHECK_ILLUSTRATIONS_COMPLETE
    check_description = "Every page has a valid PNG."

    def enabled(self, request: StoryRequest) -> bool:
        return request.generation.enable_illustration

    def items(
        self, book: Book, request: StoryRequest, s: Story, pages: list[int] | None
    ) -> list[Drawing]:
        return page_drawings(book, request, s, pages)

    def tools(self, resource: Any, book: Book, request: StoryRequest) -> Artist:
        reference = book.get(layout.COVER) if book.exists(layout.COVER) else None
        return Artist(resource.get(), reference)

    def extra_metadata(
        self,
        step: Step,
        items: list[Drawing],
        outcomes: list[Outcome[Picture]],
        manifest: IllustrationManifest,
    ) -> dict[str, Any]:
        return {
            "reference": "cover" if step.tools.reference_png else "none",
            "pages_ok": dg.MetadataValue.int(
                sum(e.asset_type == "page" and e.status != "failed" for e in manifest.entries)
            ),
        }


COVER = CoverKind()
PAGE_PICTURES = PagePictureKind()
(cover_illustration,) = page_asset(COVER)
page_illustrations, illustrations_complete = page_asset(PAGE_PICTURES)

"""Illustrations: the cover first (it is the character reference for every page), then pages.

Two specs of one kind of item (a drawing) sharing illustrations/manifest.json; `page_asset.build`
builds `cover_illustration` and `page_illustrations` (with its check) from them."""

import hashlib
from dataclasses import dataclass, replace
from typing import Any

import dagster as dg

from moretale_assets.defs import page_asset as pa
from moretale_assets.lib import contract, layout, prompts
from moretale_assets.lib.images import thumbnail
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.layout import illustration_path
from moretale_assets.lib.providers.base import Illustrator, ImageKind, Picture
from moretale_assets.lib.quality.pictures import pixel_stats
from moretale_assets.lib.schemas import (
    IllustrationEntry,
    IllustrationManifest,
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
class Artist(pa.Tools[Illustrator]):
    """The illustrator and the character reference sent with each drawing (the cover)."""

    reference_png: bytes | None


def seed_for(story_id: str, label: str, regeneration: int = 0) -> int:
    """Stable per page and regeneration (recorded in the manifest), so a page is reproducible,
    while a forced redo (the next regeneration) draws something new. Regeneration 0 keeps the
    seed books had before regenerations were counted."""
    key = f"{story_id}/{label}" + (f"#{regeneration}" if regeneration else "")
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")


def cover_drawing(src: pa.Source) -> Drawing:
    ratio, seed = src.request.generation.cover_aspect_ratio, seed_for(src.book.story_id, "cover")
    return Drawing("cover", None, prompts.cover_prompt(src.story), "cover_prompt", ratio, seed)


def page_drawings(src: pa.Source, pages: list[int] | None) -> list[Drawing]:
    s, ratio = src.story, src.request.generation.page_aspect_ratio
    drawings = []
    for p in pages if pages is not None else [pg.page_number for pg in s.pages]:
        prompt, mode = prompts.page_prompt(s, s.page(p))
        seed = seed_for(src.book.story_id, f"page_{p:02d}")
        drawings.append(Drawing("page", p, prompt, mode, ratio, seed))
    return drawings


class DrawingKind(pa.PageKind[Picture, IllustrationEntry, IllustrationManifest]):
    """What the cover and the pages share: how a drawing is made, validated and recorded."""

    kinds, noun, resource_key = frozenset({"python", "png"}), "illustration", "illustrator"
    files = pa.Files(
        "image/png", layout.ILLUSTRATION_MANIFEST, IllustrationManifest, IllustrationEntry
    )

    def all_items_in_manifest(self, src: pa.Source) -> list[Any]:
        cover = [cover_drawing(src)] if src.request.generation.enable_cover else []
        return cover + page_drawings(src, None)

    def regenerated(self, src: pa.Source, item: Drawing, regeneration: int) -> Drawing:
        return replace(item, seed=seed_for(src.book.story_id, item.label, regeneration))

    def make(self, tools: Artist, item: Drawing) -> Picture:
        return tools.maker.draw(
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

    def item_fields(self, item: Drawing) -> dict[str, Any]:
        kind, mode, ratio = item.kind, item.prompt_mode, item.aspect_ratio
        return {"asset_type": kind, "prompt_mode": mode, "aspect_ratio": ratio, "seed": item.seed}

    def made_fields(self, result: Picture) -> dict[str, Any]:
        # After a safety block: which rewording passed, and the prompt it sent.
        reworded = result.extra.get("rewording") or None
        return {
            "model": result.model,
            "width": result.width,
            "height": result.height,
            "rewording": reworded,
            "sent_prompt": result.extra.get("sent_prompt") if reworded else None,
            # Measured now, from pixels in memory: the picture check then skips a decode.
            "pixels": pixel_stats(result.image, result.png) if result.image is not None else None,
        }

    def manifest(self, step: pa.Step, entries: list[IllustrationEntry]) -> IllustrationManifest:
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

    def items(self, src: pa.Source, pages: list[int] | None) -> list[Drawing]:
        return [cover_drawing(src)]

    def tools(self, resource: Any, src: pa.Source) -> Artist:
        return Artist(resource.get(), None)

    def extra_metadata(self, step: pa.Step, made: pa.Made[Picture, Any]) -> dict[str, Any]:
        if made.outcomes[0].status == "failed":
            return {}
        s, path = step.story, made.items[0].path
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
    check = pa.Check(contract.CHECK_ILLUSTRATIONS_COMPLETE, "Every page has a valid PNG.")

    def enabled(self, request: StoryRequest) -> bool:
        return request.generation.enable_illustration

    def items(self, src: pa.Source, pages: list[int] | None) -> list[Drawing]:
        return page_drawings(src, pages)

    def tools(self, resource: Any, src: pa.Source) -> Artist:
        book = src.book
        reference = book.get(layout.COVER) if book.exists(layout.COVER) else None
        return Artist(resource.get(), reference)

    def extra_metadata(
        self, step: pa.Step, made: pa.Made[Picture, IllustrationManifest]
    ) -> dict[str, Any]:
        entries = made.manifest.entries
        pages_ok = sum(e.asset_type == "page" and e.status != "failed" for e in entries)
        return {
            "reference": "cover" if step.tools.reference_png else "none",
            "pages_ok": dg.MetadataValue.int(pages_ok),
        }


COVER = CoverKind()
PAGE_PICTURES = PagePictureKind()
(cover_illustration,) = pa.build(COVER)
page_illustrations, illustrations_complete = pa.build(PAGE_PICTURES)

"""Read one book from storage (story.json, manifests, quality reports) into what the API serves."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from moretale_assets.lib import contract, layout
from moretale_assets.lib.layout import Book, audio_path, illustration_path
from moretale_assets.lib.quality.record import CheckRecord, book_quality
from moretale_assets.lib.schemas import (
    AudioEntry,
    IllustrationEntry,
    Provenance,
    Story,
    StoryRequest,
)
from moretale_assets.lib.storage import NotFound

log = logging.getLogger("moretale.api.projection")

UrlFor = Callable[[str, str], str]  # (story_id, path inside the story) -> URL


@dataclass
class Projection:
    has_story: bool
    title_primary: str | None = None
    title_secondary: str | None = None
    has_partial_failures: bool = False
    failed_pages: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None


def _status(enabled: bool, entry: Any, final: bool) -> str:
    if not enabled:
        return "not_requested"
    if entry is None:
        # An enabled output with no record: still coming while a run is active, missing after.
        return "missing" if final else "pending"
    return entry.status


def _asset_summary(enabled: bool, statuses: list[str], manifest_url: str | None) -> dict[str, Any]:
    return {
        "enabled": enabled,
        "total_tasks": len(statuses) if enabled else 0,
        "generated": statuses.count("generated"),
        "skipped": sum(s.startswith("skipped") for s in statuses),
        "failed": sum(s in ("failed", "missing") for s in statuses),
        "pending": statuses.count("pending"),
        "manifest_url": manifest_url,
    }


def quality_records(book: Book) -> list[CheckRecord]:
    """The reports the quality checks wrote for the book, in the contract's order. A report that
    does not parse is left out (and logged) rather than making the whole book unreadable."""
    records = []
    for check in contract.QUALITY_CHECKS:
        try:
            record = book.get_model_or_none(layout.quality_path(check), CheckRecord)
        except ValidationError as exc:
            log.warning(
                "quality report unreadable",
                extra={"story": book.story_id, "check": check, "error": str(exc)[:300]},
            )
            continue
        if record is not None:
            records.append(record)
    return records


def _redo(item: str, entry: Provenance | None) -> list[dict[str, Any]]:
    if entry is None or entry.redo is None:
        return []
    return [{"item": item, **entry.redo.model_dump(exclude={"by"})}]


def project(
    book: Book,
    request: StoryRequest,
    url_for: UrlFor,
    *,
    final: bool,
    live: frozenset[str] = frozenset(),
) -> Projection:
    """`live`: files the active run has reported finished (`status.ready_files`) before its step
    wrote the manifest; they are served as generated so a reader sees pages arrive one by one."""
    try:
        story = book.get_model(layout.STORY, Story)
    except (NotFound, ValidationError):
        return Projection(has_story=False)
    sid = book.story_id
    gen = request.generation
    am, im = book.audio_manifest(), book.illustration_manifest()
    audio: dict[tuple[int, str], AudioEntry] = (
        {(e.page_number, e.role): e for e in am.entries} if am else {}
    )
    pics: dict[tuple[str, int], IllustrationEntry] = (
        {(e.asset_type, e.page_number or 0): e for e in im.entries} if im else {}
    )

    def status(enabled: bool, entry: Any, path: str) -> str:
        if enabled and path in live:
            return "generated"  # by the run in progress; its manifest comes at the step's end
        return _status(enabled, entry, final)

    def link(entry: Any, status: str, path: str) -> str | None:
        if status not in ("generated", "skipped_exists"):
            return None
        if path in live:
            return url_for(sid, path)
        return url_for(sid, entry.path) if entry is not None and entry.path else None

    quality, page_quality = book_quality(
        quality_records(book), [p.page_number for p in story.pages]
    )
    pages, failed, audio_statuses, pic_statuses = [], [], [], []
    for p in story.pages:
        n = p.page_number
        a1, a2, pic = audio.get((n, "primary")), audio.get((n, "secondary")), pics.get(("page", n))
        path1 = audio_path(n, "primary", story.primary_language)
        path2 = audio_path(n, "secondary", story.secondary_language)
        pathi = illustration_path(n)
        s1 = status(gen.enable_tts, a1, path1)
        s2 = status(gen.enable_tts, a2, path2)
        si = status(gen.enable_illustration, pic, pathi)
        u1, u2, ui = link(a1, s1, path1), link(a2, s2, path2), link(pic, si, pathi)
        audio_statuses += [s1, s2] if gen.enable_tts else []
        pic_statuses += [si] if gen.enable_illustration else []
        row = {
            "page_number": n,
            "text_primary": p.text_primary,
            "text_secondary": p.text_secondary,
            "illustration_prompt": p.illustration_prompt,
            "illustration_scene_prompt": p.illustration_scene_prompt,
            "illustration_url": ui,
            "has_illustration": ui is not None,
            "illustration_status": si,
            "illustration_error": pic.error if pic else None,
            "audio_primary_url": u1,
            "audio_secondary_url": u2,
            "has_primary_audio": u1 is not None,
            "has_secondary_audio": u2 is not None,
            "audio_primary_status": s1,
            "audio_primary_error": a1.error if a1 else None,
            "audio_secondary_status": s2,
            "audio_secondary_error": a2.error if a2 else None,
            "vocabulary": [v.model_dump() for v in p.vocabulary],
            "quality": page_quality[n].model_dump(mode="json"),
            # Files the quality checks had made again, and why (the manifests' `redo`).
            "redone_by_checks": _redo("illustration", pic)
            + _redo("audio_primary", a1)
            + _redo("audio_secondary", a2),
        }
        pages.append(row)
        bad = [
            k
            for k, s in (("audio_primary", s1), ("audio_secondary", s2), ("illustration", si))
            if s in ("failed", "missing")
        ]
        if bad:
            failed.append({"page_number": n, "failed": bad})

    cover = pics.get(("cover", 0))
    cover_on = gen.enable_illustration and gen.enable_cover
    cover_status = status(cover_on, cover, layout.COVER)
    cover_url = link(cover, cover_status, layout.COVER)
    if cover_status in ("failed", "missing"):
        failed.append({"page_number": 0, "failed": ["cover"]})
    has_partial = bool(failed)
    result = {
        "id": sid,
        "story_json_url": url_for(sid, layout.STORY),
        "meta": {
            "title_primary": story.title_primary,
            "title_secondary": story.title_secondary,
            "author_name": story.author_name,
            "primary_language": story.primary_language,
            "secondary_language": story.secondary_language,
            "page_count": len(story.pages),
            "image_style": story.image_style,
            "main_character_design": story.main_character_design,
        },
        "assets": {
            "tts": {
                **_asset_summary(
                    gen.enable_tts,
                    audio_statuses,
                    url_for(sid, layout.AUDIO_MANIFEST) if am else None,
                ),
                "voice": gen.tts_voice,
            },
            "illustrations": {
                **_asset_summary(
                    gen.enable_illustration,
                    pic_statuses,
                    url_for(sid, layout.ILLUSTRATION_MANIFEST) if im else None,
                ),
                "aspect_ratio": gen.page_aspect_ratio,
            },
            "cover": {
                "enabled": cover_on,
                "url": cover_url,
                "has_cover": cover_url is not None,
                "status": cover_status,
                "error": cover.error if cover else None,
                "prompt": cover.prompt if cover else None,
                "aspect_ratio": gen.cover_aspect_ratio,
            },
            "has_partial_failures": has_partial,
        },
        "failed_pages": failed,
        "quality": quality.model_dump(mode="json"),
        "pages": pages,
    }
    return Projection(
        has_story=True,
        title_primary=story.title_primary,
        title_secondary=story.title_secondary,
        has_partial_failures=has_partial,
        failed_pages=failed,
        pages=pages,
        result=result,
    )


# Paths exported for tests and the viewer.
__all__ = ["Projection", "audio_path", "illustration_path", "project"]

"""Running the checks on a stored book: reading its files into what the checks take."""

from __future__ import annotations

from moretale_assets.lib import layout
from moretale_assets.lib.imports.moretale_ai import PROVIDER as IMPORTED
from moretale_assets.lib.layout import Book
from moretale_assets.lib.quality.model import Report
from moretale_assets.lib.quality.narration import Clip, check_narration
from moretale_assets.lib.quality.pictures import Drawn, check_pictures
from moretale_assets.lib.quality.review import PictureReviewer, Transcriber
from moretale_assets.lib.quality.story import check_story
from moretale_assets.lib.storage import NotFound


def _get(book: Book, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return book.get(path)
    except NotFound:
        return None


def story_report(book: Book) -> Report:
    request = book.request()
    return check_story(book.story(), request)


def narration_report(book: Book, transcriber: Transcriber | None = None) -> Report:
    story = book.story()
    manifest = book.audio_manifest()
    spoken_by = {
        (e.page_number, e.role): e.provider or "" for e in (manifest.entries if manifest else [])
    }
    clips = []
    for p in story.pages:
        for role, lang, text in (
            ("primary", story.primary_language, p.text_primary),
            ("secondary", story.secondary_language, p.text_secondary),
        ):
            path = layout.audio_path(p.page_number, role, lang)  # type: ignore[arg-type]
            provider = spoken_by.get((p.page_number, role), "")
            clips.append(Clip(p.page_number, lang, text, _get(book, path), provider))
    report = check_narration(clips, transcriber)
    report.imported_pages = sorted(
        {(page) for (page, _), by in spoken_by.items() if by == IMPORTED}
    )
    return report


def picture_report(book: Book, reviewer: PictureReviewer | None = None) -> Report:
    story = book.story()
    manifest = book.illustration_manifest()
    entries = {(e.asset_type, e.page_number): e for e in (manifest.entries if manifest else [])}
    english = "primary" if story.primary_language == "English" else "secondary"
    pictures = []
    cover = entries.get(("cover", None))
    if cover is not None:
        pictures.append(
            Drawn(0, _get(book, cover.path), cover.aspect_ratio, cover.prompt or "",
                  cover.provider or "", pixels=cover.pixels))  # fmt: skip
    for p in story.pages:
        e = entries.get(("page", p.page_number))
        text_en = p.text_primary if english == "primary" else p.text_secondary
        if story.primary_language != "English" and story.secondary_language != "English":
            text_en = ""  # the things a page names are read from its English text
        pictures.append(
            Drawn(
                p.page_number,
                _get(book, e.path if e else layout.illustration_path(p.page_number)),
                e.aspect_ratio if e else (manifest.page_aspect_ratio if manifest else "1:1"),
                (e.prompt or p.illustration_prompt) if e else p.illustration_prompt,
                (e.provider or "") if e else "",
                text_en,
                pixels=e.pixels if e else None,
            )
        )
    report = check_pictures(pictures, reviewer)
    report.imported_pages = sorted(
        {e.page_number for e in entries.values() if e.provider == IMPORTED and e.page_number}
    )
    return report

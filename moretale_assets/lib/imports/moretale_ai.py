"""Read a folder written by the original MoreTale CLI (MoreTale-AI) into this project's layout.

What that CLI writes, in both of its schema eras (24 pages, then 32 with a cover, vocabulary
and `cover_illustration_prompt`):

    <stamp>_story_<slug of the title>/      (the slug is empty for a Korean title)
      story_<model>.json
      audio/manifest.json                   {primary_language, secondary_language, counts,
                                             entries: [{page_number, language, role, path,
                                             status, error?}]}; a failed entry keeps its path
      audio/01_<lang>/page_NN_primary.wav, audio/02_<lang>/page_NN_secondary.wav
      illustrations/manifest.json           {model_name, aspect_ratio, [page_aspect_ratio,
                                             cover_aspect_ratio], counts, entries: [...]}; a
                                             failed entry has no path; 24-page era: no
                                             asset_type, no cover
      illustrations/page_NN.<ext>, [illustrations/cover.<ext>]

Manifest paths are wherever that CLI ran (`outputs/<folder>/audio/...` or absolute), so files
are found by their place under `audio/` or `illustrations/`. Each file is checked as the
pipeline checks its own; anything failed, missing or unreadable becomes a failed page that a
repair run completes. A folder that is not such a book raises `NotAMoreTaleBook` naming the
file that is missing or malformed."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from moretale_assets.lib import audio
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.layout import (
    AUDIO_MANIFEST,
    COVER,
    ILLUSTRATION_MANIFEST,
    audio_path,
    illustration_path,
)
from moretale_assets.lib.schemas import (
    IMAGE_MODELS,
    STORY_MODELS,
    AudioEntry,
    AudioManifest,
    GenerationOptions,
    IllustrationEntry,
    IllustrationManifest,
    Story,
    StoryRequest,
)
from moretale_assets.lib.story_ids import new_story_id, slugify

PROVIDER = "moretale-ai-import"
STORY_FILE = re.compile(r"^story_(?P<model>[^/]+)\.json$")
STAMP = re.compile(r"^(\d{8}_\d{6})_story_")
ASPECTS = {"1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"}


class NotAMoreTaleBook(ValueError):
    def __init__(self, source: str, file: str, problem: str) -> None:
        super().__init__(f"{source}: {file}: {problem}")
        self.source, self.file, self.problem = source, file, problem


@dataclass
class ImportedBook:
    source: str
    era: int  # 24 or 32: the MoreTale schema the story follows
    request: StoryRequest
    story: Story
    files: dict[str, bytes] = field(default_factory=dict)  # our layout path -> bytes
    audio_manifest: AudioManifest | None = None
    illustration_manifest: IllustrationManifest | None = None
    created_at: datetime | None = None

    @property
    def failed(self) -> int:
        return sum(m.failed for m in (self.audio_manifest, self.illustration_manifest) if m)

    def new_id(self) -> str:
        title = next(
            (t for t in (self.story.title_primary, self.story.title_secondary) if slugify(t)),
            "book",
        )
        return new_story_id(title, "", now=self.created_at)


def _json(files: Mapping[str, bytes], source: str, name: str) -> Any:
    try:
        return json.loads(files[name])
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotAMoreTaleBook(source, name, f"is not JSON ({exc})") from None


def _errors(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'top level'}: {e['msg']}" for e in exc.errors()[:5]
    )


def _local(raw: str | None, top: str) -> str | None:
    """`outputs/<folder>/audio/01_korean/page_01_primary.wav` (or absolute, or Windows) ->
    `audio/01_korean/page_01_primary.wav`: the file's place inside the book folder."""
    if not raw:
        return None
    parts = raw.replace("\\", "/").split("/")
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == top:
            return "/".join(parts[i:])
    return None


def _wav_entry(
    files: Mapping[str, bytes], raw: dict[str, Any], lang: str, role: str
) -> tuple[AudioEntry, bytes | None]:
    page = int(raw["page_number"])
    ours = audio_path(page, role, lang)  # type: ignore[arg-type]
    base = {"page_number": page, "language": lang, "role": role, "provider": PROVIDER}
    status = raw.get("status")
    if status == "skipped_empty_text":
        return AudioEntry(**base, status="skipped_empty_text"), None
    where = _local(raw.get("path"), "audio")
    data = files.get(where) if where else None
    if status in ("generated", "skipped_exists") and data is not None:
        if audio.is_valid_speech(data):
            return (
                AudioEntry(
                    **base,
                    status=status,
                    path=ours,
                    bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    duration_s=round(audio.duration_s(data), 3),
                    sample_rate=audio.SAMPLE_RATE,
                ),
                data,
            )
        error = f"{where} is not 24 kHz 16-bit mono speech"
    elif status in ("generated", "skipped_exists"):
        error = f"{raw.get('path')} is not in the folder"
    else:
        error = str(raw.get("error") or f"MoreTale status {status!r}")
    return AudioEntry(**base, status="failed", error=error[:500]), None


def _png(data: bytes) -> bytes | None:
    """Pages may be PNG, JPEG or WebP (MoreTale kept the model's MIME type); we keep PNG."""
    if is_valid_png(data):
        return data
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            out = io.BytesIO()
            im.convert("RGB").save(out, "PNG")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return out.getvalue() if is_valid_png(out.getvalue()) else None


def _picture_entry(
    files: Mapping[str, bytes], raw: dict[str, Any], kind: str, aspect: str
) -> tuple[IllustrationEntry, bytes | None]:
    page = int(raw["page_number"]) if kind == "page" else None
    ours = illustration_path(page) if page is not None else COVER
    base = {
        "asset_type": kind,
        "page_number": page,
        "provider": PROVIDER,
        "prompt_mode": raw.get("prompt_mode"),
        "aspect_ratio": raw.get("aspect_ratio") or aspect,
    }
    status = raw.get("status")
    where = _local(raw.get("path"), "illustrations")
    data = files.get(where) if where else None
    if status in ("generated", "skipped_exists") and data is not None:
        png = _png(data)
        if png is not None:
            from PIL import Image

            with Image.open(io.BytesIO(png)) as im:
                width, height = im.size
            entry = IllustrationEntry(
                **base,
                status=status,
                path=ours,
                width=width,
                height=height,
                bytes=len(png),
                sha256=hashlib.sha256(png).hexdigest(),
            )
            return entry, png
        error = f"{where} is not a readable image"
    elif status in ("generated", "skipped_exists"):
        error = f"{raw.get('path')} is not in the folder"
    else:
        error = str(raw.get("error") or f"MoreTale status {status!r}")
    return IllustrationEntry(**base, status="failed", error=error[:500]), None


def read_book(source: str, files: Mapping[str, bytes]) -> ImportedBook:
    """`files`: the folder's files by path inside it ('/'-separated)."""
    stories = sorted(p for p in files if STORY_FILE.match(p))
    if not stories:
        raise NotAMoreTaleBook(source, "story_<model>.json", "missing: not a MoreTale book")
    story_name = stories[0]  # as MoreTale itself picks one
    raw_story = _json(files, source, story_name)
    try:
        story = Story.model_validate(raw_story)
    except ValidationError as exc:
        raise NotAMoreTaleBook(source, story_name, f"malformed: {_errors(exc)}") from None
    n = len(story.pages)
    era = 32 if "cover_illustration_prompt" in raw_story or n == 32 else 24
    has_audio = AUDIO_MANIFEST in files
    has_pictures = ILLUSTRATION_MANIFEST in files
    if not has_audio and any(p.startswith("audio/") for p in files):
        raise NotAMoreTaleBook(source, AUDIO_MANIFEST, "missing while audio/ has files")
    if not has_pictures and any(p.startswith("illustrations/") for p in files):
        raise NotAMoreTaleBook(source, ILLUSTRATION_MANIFEST, "missing beside the pictures")

    book_files: dict[str, bytes] = {}
    audio_manifest = picture_manifest = None
    has_cover = False
    page_aspect, cover_aspect = "1:1", "5:4"
    model = STORY_FILE.match(story_name)["model"]  # type: ignore[index]
    image_model = None
    if has_audio:
        am = _json(files, source, AUDIO_MANIFEST)
        if not isinstance(am, dict) or not isinstance(am.get("entries"), list):
            raise NotAMoreTaleBook(source, AUDIO_MANIFEST, "malformed: no entries list")
        by_key: dict[tuple[int, str], dict[str, Any]] = {}
        for e in am["entries"]:
            if not isinstance(e, dict) or e.get("role") not in ("primary", "secondary"):
                raise NotAMoreTaleBook(source, AUDIO_MANIFEST, f"malformed entry {e!r:.120}")
            try:
                by_key[(int(e["page_number"]), e["role"])] = e
            except (KeyError, TypeError, ValueError):
                raise NotAMoreTaleBook(
                    source, AUDIO_MANIFEST, f"entry without page {e!r:.120}"
                ) from None
        entries = []
        for p in range(1, n + 1):
            for role, lang in (
                ("primary", story.primary_language),
                ("secondary", story.secondary_language),
            ):
                raw = by_key.get((p, role), {"page_number": p, "status": "absent"})
                raw = {**raw, "page_number": p}
                if raw["status"] == "absent":
                    raw["error"] = "no entry in MoreTale's audio manifest"
                entry, data = _wav_entry(files, raw, lang, role)
                entries.append(entry)
                if data is not None and entry.path:
                    book_files[entry.path] = data
        audio_manifest = AudioManifest(
            primary_language=story.primary_language,
            secondary_language=story.secondary_language,
            entries=entries,
        ).recount()
    if has_pictures:
        im = _json(files, source, ILLUSTRATION_MANIFEST)
        if not isinstance(im, dict) or not isinstance(im.get("entries"), list):
            raise NotAMoreTaleBook(source, ILLUSTRATION_MANIFEST, "malformed: no entries list")
        page_aspect = str(im.get("page_aspect_ratio") or im.get("aspect_ratio") or "1:1")
        cover_aspect = str(im.get("cover_aspect_ratio") or "5:4")
        if page_aspect not in ASPECTS or cover_aspect not in ASPECTS:
            raise NotAMoreTaleBook(
                source, ILLUSTRATION_MANIFEST, f"unsupported aspect ratio {page_aspect}"
            )
        image_model = im.get("model_name")
        pages: dict[int, dict[str, Any]] = {}
        cover_raw = None
        for e in im["entries"]:
            if not isinstance(e, dict):
                raise NotAMoreTaleBook(source, ILLUSTRATION_MANIFEST, f"malformed entry {e!r:.120}")
            if e.get("asset_type") == "cover":
                cover_raw = e
                continue
            try:
                pages[int(e["page_number"])] = e
            except (KeyError, TypeError, ValueError):
                raise NotAMoreTaleBook(
                    source, ILLUSTRATION_MANIFEST, f"entry without page {e!r:.120}"
                ) from None
        entries_i = []
        for p in range(1, n + 1):
            raw = pages.get(p) or {"status": "absent", "error": "no entry in MoreTale's manifest"}
            entry, data = _picture_entry(files, {**raw, "page_number": p}, "page", page_aspect)
            entries_i.append(entry)
            if data is not None and entry.path:
                book_files[entry.path] = data
        if cover_raw is not None and cover_raw.get("status") != "not_requested":
            has_cover = True
            entry, data = _picture_entry(files, cover_raw, "cover", cover_aspect)
            entries_i.append(entry)
            if data is not None and entry.path:
                book_files[entry.path] = data
        picture_manifest = IllustrationManifest(
            model_name=image_model,
            aspect_ratio=page_aspect,
            page_aspect_ratio=page_aspect,
            cover_aspect_ratio=cover_aspect if has_cover else None,
            entries=entries_i,
        ).recount()
    author = story.author_name.strip()[:40] or "MoreTale"
    try:
        request = StoryRequest(
            child_name=author,
            primary_lang=story.primary_language,
            secondary_lang=story.secondary_language,
            page_count=n,
            generation=GenerationOptions(
                enable_tts=has_audio,
                enable_illustration=has_pictures,
                enable_cover=has_cover,
                page_aspect_ratio=page_aspect,  # type: ignore[arg-type]
                cover_aspect_ratio=cover_aspect,  # type: ignore[arg-type]
                story_model=model if model in STORY_MODELS else None,
                illustration_model=image_model if image_model in IMAGE_MODELS else None,
            ),
        )
    except ValidationError as exc:
        raise NotAMoreTaleBook(source, story_name, f"cannot be requested: {_errors(exc)}") from None
    stamp = STAMP.match(source.rsplit("/", 1)[-1])
    created = (
        datetime.strptime(stamp.group(1), "%Y%m%d_%H%M%S").replace(tzinfo=UTC) if stamp else None
    )
    return ImportedBook(
        source=source,
        era=era,
        request=request,
        story=story,
        files=book_files,
        audio_manifest=audio_manifest,
        illustration_manifest=picture_manifest,
        created_at=created,
    )

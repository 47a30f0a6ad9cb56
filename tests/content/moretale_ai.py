"""Folders as the original MoreTale CLI (MoreTale-AI's main.py) writes them, in its two schema
eras, generated here from what its code does (see moretale_assets/lib/imports/moretale_ai.py
for the layout); no file of that project is copied.

- 24-page era: story without cover prompt or vocabulary; folder `<stamp>_story_<slug>` where a
  Korean title slugs to nothing (`..._story_`); illustration entries without `asset_type`,
  manifest without page/cover aspect ratios, no cover.
- 32-page era: `cover_illustration_prompt`, vocabulary per page, folder slug falls back to the
  secondary title; entries with `asset_type` and `aspect_ratio`, a cover entry.
- Both: `story_<model>.json`, audio manifest entries with the path where the CLI ran (a failed
  one keeps its path, the file is absent), failed illustration entries have no path."""

from __future__ import annotations

import io
import json
import re
import wave
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

STYLE = "Soft watercolor"
DESIGN = "A 6-year-old girl with a short black bob and a yellow raincoat"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")


def wav_bytes(seconds: float = 0.6, freq: float = 330.0) -> bytes:
    t = np.arange(int(24_000 * seconds)) / 24_000
    pcm = (np.sin(2 * np.pi * freq * t) * 8000).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24_000)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def image_bytes(page: int, size=(64, 64), fmt: str = "PNG") -> bytes:
    im = Image.new("RGB", size, (200, 220, 255))
    ImageDraw.Draw(im).ellipse((8, 8, 40 + page % 16, 40), fill=(250, 200, 0))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


def make_book(
    root: Path,
    *,
    era: int = 24,
    title_primary: str = "바다에서 만난 친구",
    title_secondary: str = "The Friend from the Sea",
    stamp: str = "20260213_101500",
    failed_audio: tuple[tuple[int, str], ...] = (),
    failed_pictures: tuple[int, ...] = (),
    failed_cover: bool = False,
    absolute_paths: bool = False,
    image_format: str = "PNG",
    model: str = "gemini-2.5-flash",
) -> Path:
    pages = era
    slug = _slug(title_primary)
    if era == 32:
        slug = slug or _slug(title_secondary) or "story"
    folder = root / f"{stamp}_story_{slug}"
    folder.mkdir(parents=True)
    cli_dir = (
        f"/home/writer/MoreTale-AI/outputs/{folder.name}"
        if absolute_paths
        else (f"outputs/{folder.name}")
    )
    prefix = f"{STYLE}, {DESIGN}"
    story = {
        "title_primary": title_primary,
        "title_secondary": title_secondary,
        "author_name": "서아",
        "primary_language": "Korean",
        "secondary_language": "English",
        "image_style": STYLE,
        "main_character_design": DESIGN,
        "illustration_prefix": prefix,
    }
    if era == 32:
        story["cover_illustration_prompt"] = f"{prefix}, standing on a beach at sunrise, no text"
    story["pages"] = []
    for n in range(1, pages + 1):
        page = {
            "page_number": n,
            "text_primary": f"{n}쪽: 서아는 바닷가에서 작은 게를 만났어요.",
            "text_secondary": f"Page {n}: Seoa met a little crab on the beach.",
            "illustration_prompt": f"{prefix}, the beach on page {n}, wide shot",
            "illustration_scene_prompt": f"the beach on page {n}, wide shot",
        }
        if era == 32:
            page["vocabulary"] = [
                {
                    "entry_id": "게",
                    "primary_word": "게",
                    "secondary_word": "crab",
                    "primary_definition": "바다에 사는 동물",
                    "secondary_definition": "an animal that lives in the sea",
                }
            ]
        story["pages"].append(page)
    (folder / f"story_{model}.json").write_text(json.dumps(story, ensure_ascii=False, indent=4))

    audio_entries = []
    for n in range(1, pages + 1):
        for role, lang, sub in (
            ("primary", "Korean", "01_korean"),
            ("secondary", "English", "02_english"),
        ):
            path = f"{cli_dir}/audio/{sub}/page_{n:02d}_{role}.wav"
            entry = {"page_number": n, "language": lang, "role": role, "path": path}
            if (n, role) in failed_audio:
                entry.update(status="failed", error="429 RESOURCE_EXHAUSTED: quota exceeded")
            else:
                target = folder / "audio" / sub / f"page_{n:02d}_{role}.wav"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(wav_bytes(freq=300 + n))
                entry["status"] = "generated"
            audio_entries.append(entry)
    (folder / "audio").mkdir(exist_ok=True)
    (folder / "audio" / "manifest.json").write_text(
        json.dumps(
            {
                "primary_language": "Korean",
                "secondary_language": "English",
                "total_tasks": len(audio_entries),
                "generated": len(audio_entries) - len(failed_audio),
                "skipped": 0,
                "failed": len(failed_audio),
                "entries": audio_entries,
            },
            ensure_ascii=False,
            indent=2,
        )
    )

    ext = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}[image_format]
    pics = folder / "illustrations"
    pics.mkdir()
    entries = []
    for n in range(1, pages + 1):
        if n in failed_pictures:
            entry = {"page_number": n, "status": "failed", "error": "IMAGE_SAFETY: blocked"}
        else:
            (pics / f"page_{n:02d}{ext}").write_bytes(image_bytes(n, fmt=image_format))
            entry = {
                "page_number": n,
                "status": "generated",
                "path": f"{cli_dir}/illustrations/page_{n:02d}{ext}",
                "prompt_mode": "prefix",
            }
        if era == 32:
            entry = {"asset_type": "page", **entry, "aspect_ratio": "1:1"}
        entries.append(entry)
    manifest = {"model_name": "gemini-2.5-flash-image", "aspect_ratio": "1:1"}
    if era == 32:
        if failed_cover:
            entries.append(
                {
                    "asset_type": "cover",
                    "status": "failed",
                    "error": "500 INTERNAL",
                    "prompt_mode": "cover_prompt",
                    "aspect_ratio": "5:4",
                }
            )
        else:
            (pics / f"cover{ext}").write_bytes(image_bytes(0, (80, 64), image_format))
            entries.append(
                {
                    "asset_type": "cover",
                    "status": "generated",
                    "path": f"{cli_dir}/illustrations/cover{ext}",
                    "prompt_mode": "cover_prompt",
                    "aspect_ratio": "5:4",
                }
            )
        manifest.update(page_aspect_ratio="1:1", cover_aspect_ratio="5:4")
    failed = sum(e["status"] == "failed" for e in entries)
    manifest.update(
        total_tasks=len(entries),
        generated=len(entries) - failed,
        skipped=0,
        failed=failed,
        entries=entries,
    )
    (pics / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return folder

"""`moretale export`: a finished book as one file — a zip of its folder, or a printable PDF."""

from __future__ import annotations

import io
import json
import os
import textwrap
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import httpx

from moretale_cli.connect import Api, CliError, Exit


def _fetch(api: Api, url: str) -> bytes:
    if urlparse(url).scheme:
        # An absolute URL (public base or presigned S3): never send our key elsewhere.
        try:
            response = httpx.get(url, timeout=60)
        except httpx.TransportError as exc:
            raise CliError(f"cannot download {url}: {exc}") from None
        if response.status_code != 200:
            raise CliError(f"download of {url} answered {response.status_code}")
        return response.content
    return api.request("GET", url).content


def _inner(story_id: str, url: str) -> str:
    path = urlparse(url).path
    marker = f"/{story_id}/"
    return path.split(marker, 1)[1] if marker in path else Path(path).name


def book_files(result: dict) -> list[str]:
    urls = [result["story_json_url"]]
    assets = result["assets"]
    urls += [
        assets[k]["manifest_url"] for k in ("tts", "illustrations") if assets[k]["manifest_url"]
    ]
    if assets["cover"]["url"]:
        urls.append(assets["cover"]["url"])
    for page in result["pages"]:
        urls += [
            page[k]
            for k in ("illustration_url", "audio_primary_url", "audio_secondary_url")
            if page[k]
        ]
    return urls


def _atomic_write(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def export_zip(api: Api, story_id: str, target: Path) -> int:
    result = api.json("GET", f"/api/stories/{story_id}/result")
    buf = io.BytesIO()
    files = book_files(result)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for url in files:
            zf.writestr(f"{story_id}/{_inner(story_id, url)}", _fetch(api, url))
        zf.writestr(f"{story_id}/result.json", json.dumps(result, ensure_ascii=False, indent=2))
    _atomic_write(target, buf.getvalue())
    return len(files) + 1


def export_pdf(api: Api, story_id: str, target: Path) -> int:
    """One sheet per page: the picture, then both texts, in the bundled Korean font."""
    import pylopdf_fonts_ko
    from PIL import Image, ImageDraw, ImageFont

    result = api.json("GET", f"/api/stories/{story_id}/result")
    font_path = Path(pylopdf_fonts_ko.__file__).parent / "NotoSansKR-Regular.otf"
    font = ImageFont.truetype(str(font_path), 30)
    title_font = ImageFont.truetype(str(font_path), 48)
    width, height, margin = 1240, 1754, 90  # A4 at 150 dpi
    sheets = []

    def sheet(picture_url: str | None, lines: list[tuple[str, ImageFont.FreeTypeFont]]) -> None:
        page = Image.new("RGB", (width, height), "white")
        y = margin
        if picture_url:
            pic = Image.open(io.BytesIO(_fetch(api, picture_url))).convert("RGB")
            pic.thumbnail((width - 2 * margin, 1100))
            page.paste(pic, ((width - pic.width) // 2, y))
            y += pic.height + 40
        draw = ImageDraw.Draw(page)
        for text, f in lines:
            for wrapped in textwrap.wrap(text, 38 if f is font else 24) or [""]:
                draw.text((margin, y), wrapped, fill="black", font=f)
                y += int(f.size * 1.5)
            y += 20
        sheets.append(page)

    meta = result["meta"]
    sheet(
        result["assets"]["cover"]["url"],
        [(meta["title_primary"], title_font), (meta["title_secondary"], title_font)],
    )
    for p in result["pages"]:
        sheet(
            p["illustration_url"],
            [(p["text_primary"], font), (p["text_secondary"], font), (str(p["page_number"]), font)],
        )
    buf = io.BytesIO()
    sheets[0].save(buf, "PDF", save_all=True, append_images=sheets[1:], resolution=150)
    _atomic_write(target, buf.getvalue())
    return len(sheets)


def export(api: Api, story_id: str, fmt: str, output: Path | None) -> tuple[Path, int]:
    if fmt not in ("zip", "pdf"):
        raise CliError(f"--format {fmt}: use zip or pdf", Exit.BAD_INPUT)
    target = output or Path(f"{story_id}.{fmt}")
    if target.is_dir():
        target = target / f"{story_id}.{fmt}"
    made = (export_zip if fmt == "zip" else export_pdf)(api, story_id, target)
    return target, made

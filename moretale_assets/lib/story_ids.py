"""Story ids double as Dagster partition keys, URL path segments and storage prefixes, so they
are slug-safe: lower-case letters, digits, '_' and '-' only (no commas or pipes, which break
Dagster's backfill UI).

The slug is readable for every name: Hangul by the Revised Romanization (`lib/korean.py`, the
same spelling the English text uses: 서아 → seoa), other scripts by `anyascii` (Дима → dima,
ひなた → hinata); only a name with nothing transliterable falls back to "book"."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import UTC, datetime

from anyascii import anyascii

from moretale_assets.lib.korean import contains_hangul, romanize, romanize_name

STORY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{2,99}$")
# Dagster's partition list shows about 48 characters of a key: stamp (15) + "_story_" (7) +
# slug + "_" + suffix (7) stays under it with a 24-character slug, cut at a word boundary.
SLUG_MAX = 24


def _latin(text: str) -> str:
    if contains_hangul(text):
        text = " ".join(romanize_name(w) if len(w) <= 4 else romanize(w) for w in text.split())
    return anyascii(unicodedata.normalize("NFC", text))


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _latin(text).lower()).strip("-")
    if len(slug) <= max_len:
        return slug
    cut = slug[: max_len + 1]
    # Never cut a word mid-string (the "partition list cuts long ids mid-string").
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_len]).strip("-")


def new_story_id(child_name: str, theme: str = "", now: datetime | None = None) -> str:
    """MoreTale's `YYYYmmdd_HHMMSS_story_<slug>` plus a random suffix, so ids created in the
    same second by concurrent requests never collide."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d_%H%M%S")
    name = slugify(child_name)
    slug = slugify(f"{name}-{theme}" if name else theme) or "book"
    return f"{stamp}_story_{slug}_{secrets.token_hex(3)}"


def is_story_id(value: str) -> bool:
    return bool(STORY_ID_RE.match(value))


def validate_story_id(value: str) -> str:
    if not is_story_id(value):
        raise ValueError(
            f"invalid story id {value!r}: use 3-100 characters of a-z, 0-9, '_' and '-', "
            "starting with a letter or digit"
        )
    return value

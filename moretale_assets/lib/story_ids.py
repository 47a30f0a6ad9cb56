"""Story ids double as Dagster partition keys, URL path segments and storage prefixes, so they
are slug-safe: lower-case letters, digits, '_' and '-' only (no commas or pipes, which break
Dagster's backfill UI)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import UTC, datetime

STORY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{2,99}$")


def slugify(text: str, max_len: int = 32) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].strip("-")


def new_story_id(child_name: str, theme: str = "", now: datetime | None = None) -> str:
    """MoreTale's `YYYYmmdd_HHMMSS_story_<slug>` plus a random suffix, so ids created in the
    same second by concurrent requests never collide."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d_%H%M%S")
    slug = slugify(f"{child_name}-{theme}") or "book"
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

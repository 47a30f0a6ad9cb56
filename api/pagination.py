"""The story list's opaque cursor: the (created_at, id) of a page's last story, so the next
page starts strictly after it (keyset pagination: stable while stories are added)."""

from __future__ import annotations

import base64
import json
import math

from api.errors import ApiError
from moretale_assets.lib.story_ids import STORY_ID_RE


def encode_cursor(created: float, story_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([created, story_id]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[float, str]:
    """What `encode_cursor` wrote, or a 400 INVALID_CURSOR."""
    try:
        created, sid = json.loads(base64.urlsafe_b64decode(cursor.encode("utf-8")))
        created = float(created)
        # What encode_cursor writes and nothing else: a finite time and a story id (a lone
        # surrogate or any other string never reaches the query).
        if not math.isfinite(created) or not isinstance(sid, str) or not STORY_ID_RE.match(sid):
            raise ValueError(sid)
        return created, sid
    except (ValueError, TypeError, RecursionError, UnicodeError) as exc:
        raise ApiError(400, "INVALID_CURSOR", "cursor is not one this API issued") from exc

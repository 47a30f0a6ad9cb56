"""GET /api/stories' query: its parameters as one dependency, turned into the repository's
`ListQuery` (times as Unix seconds, the cursor decoded)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator

from api.catalog.repository.stories import ListQuery
from api.errors import ApiError
from api.models import StoryStatus
from api.pagination import decode_cursor
from moretale_assets.lib.schemas import LanguageField

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _iso_only(value: object) -> object:
    # pydantic also takes a number (Unix time) or a bare date; the schema says date-time.
    if isinstance(value, str) and not _ISO.match(value):
        raise ValueError("an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]


def epoch(name: str, value: datetime) -> float:
    """A time without an offset is UTC (not the server's zone), so every datetime the schema
    takes, 0001-01-01 to 9999-12-31, is a number."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise ApiError(422, "VALIDATION_ERROR", f"{name} is out of range") from exc


# async: nothing here blocks, and a plain def would cost a thread-pool hop (api/deps.py).
async def list_query(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    status: StoryStatus | None = None,
    created_from: IsoDateTime | None = None,
    created_to: IsoDateTime | None = None,
    child_name: Annotated[str | None, Query(max_length=40)] = None,
    primary_lang: LanguageField | None = None,
    secondary_lang: LanguageField | None = None,
    set_name: Annotated[str | None, Query(alias="set", max_length=64)] = None,
) -> ListQuery:
    return ListQuery(
        limit=limit,
        after=decode_cursor(cursor) if cursor else None,
        set_name=set_name or None,
        status=status or None,
        created_from=epoch("created_from", created_from) if created_from else None,
        created_to=epoch("created_to", created_to) if created_to else None,
        child_name=child_name or None,
        primary_lang=primary_lang or None,
        secondary_lang=secondary_lang or None,
    )


ListQueryDep = Annotated[ListQuery, Depends(list_query)]

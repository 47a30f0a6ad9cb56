"""/api/stories: create, read, list, cancel, delete, regenerate, follow a book."""

from __future__ import annotations

import asyncio
import base64
import json
import math
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BeforeValidator

from api import batch, service
from api.catalog.cache import Body
from api.catalog.db import Catalog
from api.deps import (
    ApiKey,
    CatalogDep,
    DagsterDep,
    PostKey,
    ReaderDep,
    SettingsDep,
    StorageDep,
    StoryId,
    StoryKey,
)
from api.encoding import json_response
from api.errors import ApiError, responses
from api.events import StreamHub
from api.models import (
    BatchCreated,
    BookResult,
    ErrorDetail,
    Progress,
    RegenerateAccepted,
    RegenerateRequest,
    ResultSummary,
    StoryCreated,
    StoryDetail,
    StoryList,
    StoryStatus,
    StorySummary,
)
from api.webhooks.accept import accepted_callback
from moretale_assets.lib.schemas import LanguageField, StoryRequest
from moretale_assets.lib.story_ids import STORY_ID_RE

router = APIRouter(prefix="/api/stories", tags=["stories"])
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=128,
        description="Retry-safe creation: the same key and body return the same story.",
    ),
]


def _ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


@router.post(
    "/",
    status_code=202,
    response_model=StoryCreated,
    responses=responses(400, 409, 413, 422, 429, 503),
    summary="Create a book",
)
def create_story(
    body: StoryRequest,
    request: Request,
    response: Response,
    _key: StoryKey,
    settings: SettingsDep,
    catalog: CatalogDep,
    dagster: DagsterDep,
    storage: StorageDep,
    idempotency_key: IdempotencyKey = None,
    callback_url: Annotated[
        str | None, Query(description="Signed webhooks for this book go here (api/webhooks)")
    ] = None,
) -> StoryCreated:
    service.check_supported(body, settings.story_provider, settings.has_gemini_key)
    callback_url = accepted_callback(request.app.state.webhook_settings, callback_url)
    scoped = f"{_key}:{idempotency_key}" if idempotency_key else None
    created, fresh = service.create(
        catalog, dagster, storage, body, idempotency_key=scoped, callback_url=callback_url
    )
    if not fresh:
        response.headers["Idempotent-Replayed"] = "true"
    return created


@router.post(
    "/batch",
    status_code=202,
    response_model=BatchCreated,
    responses=responses(400, 409, 413, 422, 429, 503),
    summary="Create a story set (JSON list, JSON Lines body, or an uploaded .jsonl file)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                **batch.BODY_CONTENT,
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            },
        }
    },
)
async def create_batch(
    request: Request,
    response: Response,
    _key: PostKey,
    settings: SettingsDep,
    catalog: CatalogDep,
    dagster: DagsterDep,
    storage: StorageDep,
    idempotency_key: IdempotencyKey = None,
) -> BatchCreated:
    content_type = request.headers.get("content-type", "")
    if "multipart" in content_type:
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, "INVALID_BATCH", "multipart upload needs a 'file' field")
        raw = await upload.read()
    else:
        raw = await request.body()
    parsed = batch.validate_all(batch.parse(raw, content_type, settings.max_batch), settings)
    # Every book costs: a batch of 100 draws 100 from the key's story budget (all or none).
    await request.app.state.rate_limiter.check(_key, "stories", cost=len(parsed))

    scoped = f"{_key}:{idempotency_key}" if idempotency_key else None
    created, replayed = await asyncio.to_thread(
        service.create_batch, catalog, dagster, storage, parsed, idempotency_key=scoped
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return BatchCreated(stories=created, count=len(created))


def _decode_cursor(cursor: str) -> tuple[float, str]:
    try:
        created, sid = json.loads(base64.urlsafe_b64decode(cursor.encode("utf-8")))
        created = float(created)
        # What _encode_cursor writes and nothing else: a finite time and a story id (a lone
        # surrogate or any other string never reaches the query).
        if not math.isfinite(created) or not isinstance(sid, str) or not STORY_ID_RE.match(sid):
            raise ValueError(sid)
        return created, sid
    except (ValueError, TypeError, RecursionError, UnicodeError) as exc:
        raise ApiError(400, "INVALID_CURSOR", "cursor is not one this API issued") from exc


def _encode_cursor(created: float, sid: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([created, sid]).encode()).decode()


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _iso_only(value: object) -> object:
    # pydantic also takes a number (Unix time) or a bare date; the schema says date-time.
    if isinstance(value, str) and not _ISO.match(value):
        raise ValueError("an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]


def _epoch(name: str, value: datetime) -> float:
    """A time without an offset is UTC (not the server's zone), so every datetime the schema
    takes, 0001-01-01 to 9999-12-31, is a number."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise ApiError(422, "VALIDATION_ERROR", f"{name} is out of range") from exc


@router.get(
    "/",
    response_model=StoryList,
    responses=responses(400, 422),
    summary="List and search stories, newest first",
)
async def list_stories(
    request: Request,
    _key: ApiKey,
    reader: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    status: StoryStatus | None = None,
    created_from: IsoDateTime | None = None,
    created_to: IsoDateTime | None = None,
    child_name: Annotated[str | None, Query(max_length=40)] = None,
    primary_lang: LanguageField | None = None,
    secondary_lang: LanguageField | None = None,
    set_name: Annotated[str | None, Query(alias="set", max_length=64)] = None,
) -> Response:
    where, args = ["deleted_at IS NULL"], []
    if set_name:
        where.append("set_name = ?")
        args.append(set_name)
    if cursor:
        c_created, c_id = _decode_cursor(cursor)
        where.append("(created_at < ? OR (created_at = ? AND id < ?))")
        args += [c_created, c_created, c_id]
    if status:
        where.append("status = ?")
        args.append(status)
    if created_from:
        where.append("created_at >= ?")
        args.append(_epoch("created_from", created_from))
    if created_to:
        where.append("created_at < ?")
        args.append(_epoch("created_to", created_to))
    if child_name:
        where.append("contains(child_name_lower, ?)")
        args.append(child_name.lower())
    for col, value in (("primary_lang", primary_lang), ("secondary_lang", secondary_lang)):
        if value:
            where.append(f"{col} = ?")
            args.append(value)
    sql = (
        "SELECT id, status, created_at, updated_at, child_name, primary_lang, secondary_lang,"
        " page_count, title_primary, title_secondary, has_partial_failures, cover_url"
        f" FROM stories WHERE {' AND '.join(where)}"
        " ORDER BY created_at DESC, id DESC LIMIT ?"
    )
    args.append(limit + 1)
    read = partial(_read_list, reader.catalog, sql, args, limit)
    body = await reader.catalog.cache.fetch("list:" + json.dumps([sql, args]), read, story=None)
    return json_response(request, reader.urls, body)


def _read_list(catalog: Catalog, sql: str, args: list[Any], limit: int) -> bytes:
    rows = catalog.cursor().execute(sql, args).fetchall()
    items = [
        StorySummary(
            id=r[0],
            status=r[1],
            created_at=_ts(r[2]),
            updated_at=_ts(r[3]),
            child_name=r[4],
            primary_lang=r[5],
            secondary_lang=r[6],
            page_count=r[7],
            title_primary=r[8],
            title_secondary=r[9],
            has_partial_failures=r[10],
            cover_url=r[11],
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    next_cursor = _encode_cursor(rows[limit - 1][2], rows[limit - 1][0]) if more else None
    return StoryList(items=items, next_cursor=next_cursor).model_dump_json().encode()


def _detail(row: dict[str, Any]) -> StoryDetail:
    result = None
    if row["has_story"]:
        result = ResultSummary(
            title_primary=row["title_primary"],
            title_secondary=row["title_secondary"],
            has_partial_failures=row["has_partial_failures"],
            failed_pages=(json.loads(row["result"]) or {}).get("failed_pages", [])
            if row["result"]
            else [],
            result_url=service.links(row["id"])["result_url"],
        )
    return StoryDetail(
        id=row["id"],
        status=row["status"],
        created_at=_ts(row["created_at"]),
        updated_at=_ts(row["updated_at"]),
        request=StoryRequest.model_validate_json(row["request"]),
        progress=Progress.model_validate_json(row["progress"]) if row["progress"] else None,
        result=result,
        error=ErrorDetail.model_validate_json(row["error"]) if row["error"] else None,
        run_id=row["run_id"],
    )


@router.get(
    "/{story_id}",
    response_model=StoryDetail,
    responses=responses(404, 422),
    summary="A story's status, progress and result summary",
)
async def get_story(
    request: Request, story_id: StoryId, _key: ApiKey, reader: ReaderDep
) -> Response:
    return json_response(request, reader.urls, await _detail_body(reader.catalog, story_id))


async def _detail_body(catalog: Catalog, story_id: str) -> Body:
    """What GET /{id} answers; also what each followed story's one poller reads (api.events)."""
    read = partial(_read_detail, catalog, story_id)
    return await catalog.cache.fetch("story:" + story_id, read, story=story_id)


async def detail_json(catalog: Catalog, story_id: str) -> bytes:
    return (await _detail_body(catalog, story_id)).plain()


def _read_detail(catalog: Catalog, story_id: str) -> bytes:
    return _detail(service.get_row(catalog, story_id)).model_dump_json().encode()


@router.get(
    "/{story_id}/result",
    response_model=BookResult,
    responses=responses(404, 409, 422),
    summary="The whole book: texts, asset URLs and per-page statuses",
)
async def get_result(
    request: Request, story_id: StoryId, _key: ApiKey, reader: ReaderDep
) -> Response:
    read = partial(_read_result, reader.catalog, story_id)
    body = await reader.catalog.cache.fetch("result:" + story_id, read, story=story_id)
    return json_response(request, reader.urls, body)


def _read_result(catalog: Catalog, story_id: str) -> bytes:
    row = (
        catalog.cursor()
        .execute(
            "SELECT status, result FROM stories WHERE id = ? AND deleted_at IS NULL", [story_id]
        )
        .fetchone()
    )
    if row is None:
        raise ApiError(404, "STORY_NOT_FOUND", "story not found", {"id": story_id})
    status, result = row
    if not result:
        raise ApiError(
            409,
            "STORY_NOT_READY",
            "the story text does not exist yet",
            {"id": story_id, "status": status},
        )
    # The catalog keeps the body as JSON already: splice the status in instead of re-encoding.
    return ('{"status":' + json.dumps(status) + "," + result.lstrip()[1:]).encode()


@router.post(
    "/{story_id}/cancel",
    responses=responses(404, 409, 413, 422, 429, 503),
    summary="Stop a queued or running story",
)
def cancel_story(
    story_id: StoryId, _key: PostKey, catalog: CatalogDep, dagster: DagsterDep
) -> dict[str, str]:
    return {"id": story_id, "status": service.cancel(catalog, dagster, story_id)}


@router.delete(
    "/{story_id}",
    status_code=204,
    responses=responses(404, 409, 413, 422, 429, 503),
    summary="Soft-delete a story (hidden everywhere, files included; kept until a purge)",
)
def delete_story(
    story_id: StoryId,
    _key: PostKey,
    catalog: CatalogDep,
    dagster: DagsterDep,
    storage: StorageDep,
    purge: Annotated[
        bool, Query(description="Also delete the files, the catalog rows and the partition")
    ] = False,
) -> Response:
    service.delete(catalog, dagster, storage, story_id, purge=purge)
    return Response(status_code=204)


def _regenerate(kind: str):  # type: ignore[no-untyped-def]
    def endpoint(
        story_id: StoryId,
        body: RegenerateRequest,
        _key: StoryKey,
        catalog: CatalogDep,
        dagster: DagsterDep,
    ) -> RegenerateAccepted:
        run_id, assets = service.regenerate(
            catalog, dagster, story_id, kind, body.pages, body.force
        )
        return RegenerateAccepted(
            id=story_id, run_id=run_id, status="queued", assets=assets, pages=body.pages
        )

    endpoint.__name__ = f"regenerate_{kind}"
    return endpoint


router.add_api_route(
    "/{story_id}/tts",
    _regenerate("tts"),
    methods=["POST"],
    status_code=202,
    response_model=RegenerateAccepted,
    responses=responses(400, 404, 409, 413, 422, 429, 503),
    summary="Repair narration (missing, failed or stale pages; `force: true` redoes all chosen)",
)
router.add_api_route(
    "/{story_id}/illustrations",
    _regenerate("illustrations"),
    methods=["POST"],
    status_code=202,
    response_model=RegenerateAccepted,
    responses=responses(400, 404, 409, 413, 422, 429, 503),
    summary="Repair illustrations and cover (missing, failed or stale; `force: true` redoes all)",
)


async def _stream_slot(
    request: Request, story_id: StoryId, key: ApiKey, catalog: CatalogDep
) -> AsyncIterator[str]:
    """Resolved before the stream starts, so an unknown story is a 404 and a stream over the
    caps a 429/503 in the envelope, not an empty stream; the slot is held until it ends."""
    await _detail_body(catalog, story_id)
    hub: StreamHub = request.app.state.streams
    hub.admit(key)
    try:
        yield story_id
    finally:
        hub.release(key)


@router.get(
    "/{story_id}/events",
    response_class=EventSourceResponse,
    responses=responses(404, 422, 429, 503),
    summary="Server-Sent Events: `status` events with status and progress until final "
    "(streams end after MORETALE_SSE_MAX_LIFETIME_S with `retry:` advice)",
)
async def story_events(
    story_id: Annotated[str, Depends(_stream_slot)],
    settings: SettingsDep,
    request: Request,
) -> AsyncIterator[ServerSentEvent]:
    hub: StreamHub = request.app.state.streams
    watch = hub.follow(story_id)
    retry_ms = 2000  # what an EventSource waits before it reconnects
    deadline = time.monotonic() + settings.sse_max_lifetime_s
    seen, seq = 0, 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                # The stream's time is up: say when to come back; EventSource reconnects
                # with Last-Event-ID and gets the current status at once.
                yield ServerSentEvent(comment="stream lifetime reached; reconnect", retry=retry_ms)
                return
            await watch.wait(seen, min(15.0, left))
            if watch.version == seen:
                continue  # FastAPI sends its own keep-alive comments while idle
            seen = watch.version
            if watch.payload is not None:
                seq += 1
                yield ServerSentEvent(
                    event="status",
                    id=str(seq),
                    data=watch.payload,
                    retry=retry_ms if seq == 1 else None,
                )
            if watch.final:
                return
    finally:
        hub.leave(watch)

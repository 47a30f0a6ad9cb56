"""/api/stories: create, read, list, cancel, delete, regenerate, follow a book."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent

from api import batch, service, story_reads
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
from api.errors import responses
from api.events import StreamHub
from api.models import (
    BatchCreated,
    BookResult,
    RegenerateAccepted,
    RegenerateRequest,
    StoryCreated,
    StoryDetail,
    StoryList,
)
from api.story_list import ListQueryDep
from api.webhooks.accept import accepted_callback
from moretale_assets.lib.schemas import StoryRequest

router = APIRouter(prefix="/api/stories", tags=["stories"])
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=128,
        description="Retry-safe creation: the same key and body return the same story.",
    ),
]


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
    raw, content_type = await batch.read_body(request)
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


@router.get(
    "/",
    response_model=StoryList,
    responses=responses(400, 422),
    summary="List and search stories, newest first",
)
async def list_stories(
    request: Request, _key: ApiKey, reader: ReaderDep, query: ListQueryDep
) -> Response:
    return json_response(request, reader.urls, await story_reads.list_body(reader.catalog, query))


@router.get(
    "/{story_id}",
    response_model=StoryDetail,
    responses=responses(404, 422),
    summary="A story's status, progress and result summary",
)
async def get_story(
    request: Request, story_id: StoryId, _key: ApiKey, reader: ReaderDep
) -> Response:
    body = await story_reads.detail_body(reader.catalog, story_id)
    return json_response(request, reader.urls, body)


@router.get(
    "/{story_id}/result",
    response_model=BookResult,
    responses=responses(404, 409, 422),
    summary="The whole book: texts, asset URLs and per-page statuses",
)
async def get_result(
    request: Request, story_id: StoryId, _key: ApiKey, reader: ReaderDep
) -> Response:
    body = await story_reads.result_body(reader.catalog, story_id)
    return json_response(request, reader.urls, body)


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
    await story_reads.detail_body(catalog, story_id)
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

"""/api/sets: submit a story set under a name, follow it, list the sets (issue 16)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api import batch, service, sets
from api.deps import ApiKey, CatalogDep, DagsterDep, PostKey, ReaderDep, SettingsDep, StorageDep
from api.encoding import json_response
from api.errors import responses
from api.sets import SetCreated, SetList, SetSummary
from api.webhooks.accept import accepted_callback
from moretale_assets.lib.sets import SET_NAME_RE

router = APIRouter(prefix="/api/sets", tags=["sets"])
SetName = Annotated[
    str, Path(description="The set's name", pattern=SET_NAME_RE.pattern, max_length=64)
]


@router.post(
    "/{name}/stories",
    status_code=202,
    response_model=SetCreated,
    responses=responses(400, 401, 403, 413, 422, 429, 500, 503),
    summary='Add stories to a set (JSON list, {"stories": [...]}, or JSON Lines); '
    "all are validated before any is created",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": batch.BODY_CONTENT,
        }
    },
)
async def submit_set(
    name: SetName,
    request: Request,
    _key: PostKey,
    settings: SettingsDep,
    catalog: CatalogDep,
    dagster: DagsterDep,
    storage: StorageDep,
    dry_run: Annotated[
        bool, Query(description="Validate every story and create none (all-or-nothing checks)")
    ] = False,
    callback_url: Annotated[
        str | None,
        Query(description="Signed webhooks for these books and the set go here (or in the body)"),
    ] = None,
) -> SetCreated:
    items = batch.parse(
        await request.body(), request.headers.get("content-type", ""), settings.max_batch
    )
    callback_url = accepted_callback(
        request.app.state.webhook_settings, items.extra.get("callback_url") or callback_url
    )
    parsed = batch.validate_all(items, settings)
    if dry_run:
        return SetCreated(name=name, count=len(parsed), stories=[])
    # Every book costs, as on /batch: a set of 100 draws 100 from the key's story budget.
    await request.app.state.rate_limiter.check(_key, "stories", cost=len(parsed))

    def run() -> list[Any]:
        return [
            service.create(
                catalog,
                dagster,
                storage,
                r,
                idempotency_key=None,
                set_name=name,
                callback_url=callback_url,
            )[0]
            for r in parsed
        ]

    created = await asyncio.to_thread(run)
    return SetCreated(name=name, count=len(created), stories=created)


@router.get(
    "/{name}",
    response_model=SetSummary,
    responses=responses(401, 403, 404, 422, 500),
    summary="A set's progress and summary: books done, failed, pages failed, each book's state",
)
async def get_set(request: Request, name: SetName, _key: ApiKey, reader: ReaderDep) -> Response:
    read = partial(lambda: sets.summary(reader.catalog, name).model_dump_json().encode())
    # story=None: like a list, dropped whenever any story changes.
    body = await reader.catalog.cache.fetch("set:" + name, read, story=None)
    return json_response(request, reader.urls, body)


@router.get(
    "/",
    response_model=SetList,
    responses=responses(401, 403, 422, 500),
    summary="The sets, newest first",
)
async def list_sets(
    _key: ApiKey, catalog: CatalogDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> SetList:
    return await asyncio.to_thread(sets.overview, catalog, limit)

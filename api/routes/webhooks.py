"""Webhook delivery logs (per story, per set) and redelivery (issue 16)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Request

from api import service
from api.deps import ApiKey, CatalogDep, PostKey, StoryId
from api.errors import ApiError, responses
from api.routes.sets import SetName
from api.webhooks import sender, store
from api.webhooks.store import Delivery, DeliveryList

router = APIRouter(tags=["webhooks"])
DeliveryId = Annotated[str, Path(pattern=r"^msg_[0-9a-f]{32}$")]


@router.get(
    "/api/stories/{story_id}/webhooks",
    response_model=DeliveryList,
    responses=responses(401, 403, 404, 422, 500),
    summary="The story's webhook deliveries, each with its attempts",
)
async def story_deliveries(story_id: StoryId, _key: ApiKey, catalog: CatalogDep) -> DeliveryList:
    def read() -> DeliveryList:
        service.get_row(catalog, story_id)
        return store.list_deliveries(catalog, "story_id", story_id)

    return await asyncio.to_thread(read)


@router.get(
    "/api/sets/{name}/webhooks",
    response_model=DeliveryList,
    responses=responses(401, 403, 422, 500),
    summary="Every webhook delivery of a set: its books' and the set's own",
)
async def set_deliveries(name: SetName, _key: ApiKey, catalog: CatalogDep) -> DeliveryList:
    return await asyncio.to_thread(store.list_deliveries, catalog, "set_name", name)


@router.post(
    "/api/webhooks/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=Delivery,
    responses=responses(401, 403, 404, 413, 422, 429, 500),
    summary="Send a delivery again now, with the same webhook-id (a new 24 h retry window)",
)
def redeliver(
    delivery_id: DeliveryId, request: Request, _key: PostKey, catalog: CatalogDep
) -> Delivery:
    if not sender.redeliver(catalog, delivery_id):
        raise ApiError(404, "DELIVERY_NOT_FOUND", "no such delivery", {"id": delivery_id})
    request.app.state.webhook_sender.wake()
    return store.list_deliveries(catalog, "id", delivery_id).items[0]

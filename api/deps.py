"""Request dependencies: settings, catalog, Dagster client, storage, auth and rate limits.

All of them are `async def` because none blocks: FastAPI runs a plain `def` dependency in its
thread pool, and four such hops cost more than the catalog query they precede."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.catalog.db import Catalog
from api.dagster_client import DagsterClient
from api.errors import ApiError
from api.settings import ApiSettings
from api.urls import Urls
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.story_ids import STORY_ID_RE


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


async def get_catalog(request: Request) -> Catalog:
    return request.app.state.catalog


async def get_dagster(request: Request) -> DagsterClient:
    return request.app.state.dagster


async def get_storage(request: Request) -> Storage:
    return request.app.state.storage


@dataclass(frozen=True, slots=True)
class Reader:
    """What the book and list reads need, as one dependency instead of two (see StoryId)."""

    catalog: Catalog
    urls: Urls


async def get_reader(request: Request) -> Reader:
    return request.app.state.reader


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
ReaderDep = Annotated[Reader, Depends(get_reader)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
DagsterDep = Annotated[DagsterClient, Depends(get_dagster)]
StorageDep = Annotated[Storage, Depends(get_storage)]


def key_id(key: str) -> str:
    """A stable, non-secret name for an API key (for rate-limit buckets and logs)."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


async def require_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(description="One of the configured API keys")] = None,
) -> str:
    settings: ApiSettings = request.app.state.settings  # not SettingsDep: see StoryId
    if not settings.api_keys:
        raise ApiError(500, "SERVER_MISCONFIGURED", "no API keys are configured")
    if not x_api_key:
        raise ApiError(401, "UNAUTHORIZED", "missing X-API-Key header")
    # Compare against every key so timing does not reveal which (if any) matched.
    matched = False
    for key in settings.api_keys:
        matched |= secrets.compare_digest(x_api_key.encode(), key.get_secret_value().encode())
    if not matched:
        raise ApiError(403, "FORBIDDEN", "invalid API key")
    return key_id(x_api_key)


ApiKey = Annotated[str, Depends(require_api_key)]


class RateLimiter:
    def __init__(self, rule: str) -> None:
        self.rule = parse(rule)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, key: str) -> None:
        if not self.limiter.hit(self.rule, "posts", key):
            reset, _ = self.limiter.get_window_stats(self.rule, "posts", key)
            retry = max(1, int(reset - time.time()) + 1)
            raise ApiError(
                429,
                "RATE_LIMIT_EXCEEDED",
                f"too many requests; limit is {self.rule}",
                {"retry_after_s": retry},
                headers={"Retry-After": str(retry)},
            )


async def rate_limited(request: Request, key: ApiKey) -> str:
    request.app.state.rate_limiter.check(key)
    return key


PostKey = Annotated[str, Depends(rate_limited)]


# A plain path parameter, not a dependency: each dependency is ~20 us of FastAPI's time on every
# request, which on the book and list reads is a tenth of the request.
StoryId = Annotated[
    str,
    Path(
        description="Story id (also the Dagster partition key)",
        pattern=STORY_ID_RE.pattern,
        max_length=100,
    ),
]

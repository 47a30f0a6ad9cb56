"""Request dependencies: settings, catalog, Dagster client, storage, auth and rate limits.

All of them are `async def` because none blocks: FastAPI runs a plain `def` dependency in its
thread pool, and four such hops cost more than the catalog query they precede."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from api.catalog.db import Catalog
from api.dagster_client import DagsterClient
from api.errors import ApiError
from api.settings import ApiSettings
from api.urls import Urls
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.story_ids import STORY_ID_RE

log = logging.getLogger("moretale.api")


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


KEY_SCOPE = "moretale.key_id"  # set by api.guard once the header has been checked


def check_key(settings: ApiSettings, given: str | None) -> str:
    """The key's id, or the 401/403/500 ApiError. Digests are compared, never the keys: both
    sides are 32 bytes whatever was sent, so timing tells neither a match nor a length, and
    every configured key is compared so it does not tell which one matched either."""
    digests = settings.api_key_digests
    if not digests:
        raise ApiError(500, "SERVER_MISCONFIGURED", "no API keys are configured")
    if not given:
        raise ApiError(401, "UNAUTHORIZED", "missing X-API-Key header")
    sent = hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    matched = False
    for digest in digests:
        matched |= hmac.compare_digest(sent, digest)
    if not matched:
        raise ApiError(403, "FORBIDDEN", "invalid API key")
    return key_id(given)


async def require_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(description="One of the configured API keys")] = None,
) -> str:
    # api.guard has checked the header before the body was read; routes it does not cover
    # (and apps built without it) are checked here.
    checked = request.scope.get(KEY_SCOPE)
    if checked is not None:
        return checked
    return check_key(request.app.state.settings, x_api_key)  # not SettingsDep: see StoryId


ApiKey = Annotated[str, Depends(require_api_key)]


class RateLimiter:
    """Moving-window limits per API key, in the `limits` library's storage named by the
    `rate_limit_storage` setting: memory (this process) or Redis (shared by every process).

    Two budgets: `writes` counts requests that change something (every POST and DELETE),
    `stories` counts books queued (a batch of N costs N), which is what costs provider money."""

    def __init__(self, settings: ApiSettings) -> None:
        self.rules = {
            "writes": parse(settings.rate_limit_posts),
            "stories": parse(settings.rate_limit_stories),
        }
        uri, options = _async_storage(settings.rate_limit_storage)
        self.storage = storage_from_string(uri, **options)
        self.limiter = MovingWindowRateLimiter(self.storage)

    async def check(self, key: str, bucket: str = "writes", cost: int = 1) -> None:
        rule = self.rules[bucket]
        try:
            allowed = await self.limiter.hit(rule, bucket, key, cost=cost)
            if allowed:
                return
            reset, _ = await self.limiter.get_window_stats(rule, bucket, key)
        except Exception as exc:  # the shared store is down: refuse, never skip the limit
            log.warning("rate limiter unavailable", extra={"error": type(exc).__name__})
            raise ApiError(503, "RATE_LIMITER_UNAVAILABLE", "try again shortly") from exc
        retry = max(1, int(reset - time.time()) + 1)
        if cost > rule.amount:
            retry = int(rule.get_expiry())
        raise ApiError(
            429,
            "RATE_LIMIT_EXCEEDED",
            f"too many {bucket}; limit is {rule} per API key",
            {"retry_after_s": retry, "bucket": bucket, "cost": cost, "limit": rule.amount},
            headers={"Retry-After": str(retry)},
        )


def _async_storage(uri: str) -> tuple[str, dict[str, str]]:
    """`memory://` / `redis://…` as the settings say it, for the asyncio side of `limits`
    (Redis through redis-py, which `limits[redis]` installs, rather than coredis)."""
    if not uri.startswith("async+"):
        uri = "async+" + uri
    options = {"implementation": "redispy"} if uri.startswith("async+redis") else {}
    return uri, options


async def rate_limited(request: Request, key: ApiKey) -> str:
    await request.app.state.rate_limiter.check(key)
    return key


async def story_limited(request: Request, key: ApiKey) -> str:
    """A write that queues one book: counts in both budgets."""
    limiter: RateLimiter = request.app.state.rate_limiter
    await limiter.check(key)
    await limiter.check(key, "stories")
    return key


PostKey = Annotated[str, Depends(rate_limited)]
StoryKey = Annotated[str, Depends(story_limited)]


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

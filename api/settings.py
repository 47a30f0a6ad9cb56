"""API process settings (env vars prefixed MORETALE_)."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from moretale_assets.lib.providers.settings import ProviderSettings
from moretale_assets.lib.storage.settings import StorageSettings


class ApiSettings(StorageSettings, ProviderSettings):
    """Storage and provider settings (shared with the pipeline) plus what only the API needs."""

    # Comma-separated in the environment: MORETALE_API_KEYS=key1,key2
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    dagster_host: str = "127.0.0.1"
    dagster_port: int = 3000
    presign_expiry_s: int = Field(3600, ge=60, le=7 * 24 * 3600)
    catalog_path: str = "catalog/catalog.duckdb"
    read_cache_mb: int = Field(
        128,
        ge=0,
        le=64 * 1024,
        description="Memory for finished answers of book and list reads (deflated; a 24-page "
        "book takes ~7 KB), dropped exactly when their rows change. 0 turns it off.",
    )
    ingest_interval_s: float = Field(0.25, gt=0, le=30)
    rate_limit_posts: str = Field(
        "30/minute", description="Per API key, on every write request (POST and DELETE)."
    )
    rate_limit_stories: str = Field(
        "200/hour",
        description="Per API key, per book queued: a create costs 1, a batch of N costs N, "
        "a regeneration 1.",
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Where the limiter counts: memory:// (this process only) or a shared "
        "store such as redis://host:6379/0, so every API process draws on one budget.",
    )
    max_body_bytes: int = Field(1 << 20, ge=1024, description="Request body bound (413).")
    # 100 stories with every field at its longest, \u-escaped, are ~1.35 MB; a 2 MB body of
    # the smallest items a parser can be made to build ({} or "aa") peaks at ~48 MB parsed.
    max_batch_body_bytes: int = Field(2 << 20, ge=1024, description="Body bound on /batch.")
    # A 32-page MoreTale book with Gemini pictures and narration is ~50-80 MB zipped.
    max_import_body_bytes: int = Field(
        256 << 20, ge=1024, description="Body bound on /api/imports/ (zipped folders)."
    )
    max_header_bytes: int = Field(
        64 << 10, ge=1024, description="Request line + headers bound (431); api.server."
    )
    header_timeout_s: float = Field(
        10,
        gt=0,
        description="From a connection's opening or a request's first byte to the end of its "
        "headers (408, api.server); uvicorn's --timeout-keep-alive covers only the idle time "
        "between requests.",
    )
    body_timeout_s: float = Field(
        10, gt=0, description="A body's first wait allowed, before body_min_rate counts (408)."
    )
    body_min_rate: int = Field(
        500,
        ge=1,
        description="Bytes a second a body must keep up: each one received adds 1/rate s to "
        "body_timeout_s (api.body_deadline).",
    )
    public_concurrency: int = Field(
        4,
        ge=0,
        description="Requests without a valid API key (health, docs, viewer pages, refusals) "
        "handled at once and in one pass of the event loop; the rest wait their turn "
        "(api.admission). 0: no bound.",
    )
    sse_max_per_key: int = Field(16, ge=1, description="Open event streams per API key.")
    sse_max_total: int = Field(256, ge=1, description="Open event streams in this process.")
    sse_max_lifetime_s: float = Field(
        300, gt=0, description="A stream ends after this long; `retry:` says when to return."
    )
    sse_poll_s: float = Field(0.25, gt=0, le=10, description="One status read per story per tick.")
    ready_refresh_s: float = Field(1.0, ge=0.1, description="How old /readyz's checks may be.")
    public_base_url: str | None = Field(
        None,
        description="If set, asset URLs are absolute under it (a CDN or public bucket); "
        "otherwise root-relative /static/outputs/... (local) or presigned (S3).",
    )
    static_prefix: str = "/static/outputs"
    max_batch: int = Field(100, ge=1, le=1000)

    @cached_property
    def api_key_digests(self) -> tuple[bytes, ...]:
        return tuple(hashlib.sha256(k.get_secret_value().encode()).digest() for k in self.api_keys)

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value

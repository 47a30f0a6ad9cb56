"""Where books are stored: the one settings base and the one `open_storage()` of every process
(the pipeline's resources and the API both build their storage here)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from moretale_assets.lib.settings_base import MoretaleSettings
from moretale_assets.lib.storage.base import Storage
from moretale_assets.lib.storage.local import LocalStorage
from moretale_assets.lib.storage.s3 import S3Storage


class StorageSettings(MoretaleSettings):
    """Env vars MORETALE_STORAGE_*, MORETALE_S3_*. S3 credentials come from boto3's own chain
    (AWS_* env vars, instance role), never from these settings, so they are never logged."""

    storage_backend: Literal["local", "s3"] = "local"
    storage_root: str = Field("outputs", description="Folder that holds one subfolder per story.")
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_endpoint_url: str = Field("", description="For S3-compatible stores; empty for AWS.")
    s3_region: str = "us-east-1"


def open_storage(settings: StorageSettings) -> Storage:
    if settings.storage_backend == "s3":
        if not settings.s3_bucket:
            raise ValueError(f"storage backend s3 needs {settings.env_name('s3_bucket')}")
        # Imported here: a run process on the local backend never pays for boto3.
        import boto3

        client = boto3.client(
            "s3", endpoint_url=settings.s3_endpoint_url or None, region_name=settings.s3_region
        )
        return S3Storage(client, settings.s3_bucket, settings.s3_prefix)
    return LocalStorage(settings.storage_root)

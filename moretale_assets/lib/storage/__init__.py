from moretale_assets.lib.storage.base import NotFound, Storage, validate_key
from moretale_assets.lib.storage.local import LocalStorage
from moretale_assets.lib.storage.s3 import S3Storage

__all__ = ["LocalStorage", "NotFound", "S3Storage", "Storage", "validate_key"]

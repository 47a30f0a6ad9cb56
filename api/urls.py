"""Where a book's files are reached from outside, and the storage the API reads them from.

- local storage: root-relative `/static/outputs/<story>/<path>`, served by the API itself;
- S3 with MORETALE_PUBLIC_BASE_URL: absolute `<base>/<prefix><story>/<path>`;
- S3 otherwise: presigned GET URLs. The catalog keeps a `s3key:` marker instead, and each
  response presigns at request time, so no URL in the catalog ever expires or holds a signature.
"""

from __future__ import annotations

import json
import re

from api.settings import ApiSettings
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.storage.settings import open_storage

__all__ = ["Urls", "open_storage"]

MARKER = "s3key:"
_MARKER_BYTES = MARKER.encode()
_MARKED = re.compile(r'"s3key:([^"\\]+)"')


class Urls:
    def __init__(self, settings: ApiSettings, storage: Storage) -> None:
        self.storage, self.expiry = storage, settings.presign_expiry_s
        self.base = (settings.public_base_url or "").rstrip("/")
        self.static_prefix = settings.static_prefix
        self.presigning = storage.presigns and not self.base

    def for_catalog(self, story_id: str, path: str) -> str:
        key = f"{story_id}/{path}"
        if self.storage.presigns:
            if self.presigning:
                return MARKER + key
            return f"{self.base}/{self.storage.object_name(key)}"
        return f"{self.base}{self.static_prefix}/{key}"

    def resolve(self, body: bytes) -> bytes:
        """Presign every marked key in a JSON body (a no-op unless presigning)."""
        if not self.presigning or _MARKER_BYTES not in body:
            return body
        storage = self.storage
        text = _MARKED.sub(
            lambda m: json.dumps(storage.public_url(m.group(1), self.expiry)), body.decode()
        )
        return text.encode()

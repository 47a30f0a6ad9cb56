"""The storage interface. Keys are relative POSIX paths ("<story>/audio/..."); no backend's
paths leak past it, so the same code writes to a local folder or an S3 bucket."""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

_KEY_PART = re.compile(r"^[A-Za-z0-9._-]+$")


class NotFound(KeyError):
    """No object is stored under this key."""


def validate_key(key: str) -> str:
    parts = key.split("/")
    if not key or any(p in ("", ".", "..") or not _KEY_PART.match(p) for p in parts):
        raise ValueError(f"invalid storage key {key!r}")
    return key


@runtime_checkable
class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` atomically: a reader sees the old object, the new one, or nothing."""

    def get(self, key: str) -> bytes:
        """Return the object's bytes or raise NotFound."""

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str) -> list[str]:
        """Keys under `prefix/`, sorted."""

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under `prefix/`; return how many were deleted."""

    def uri(self, key: str) -> str:
        """A stable identifier for operators and metadata (file:// or s3://), not a download URL."""

"""The storage interface. Keys are relative POSIX paths ("<story>/audio/..."); no backend's
paths leak past it, so the same code writes to a local folder or an S3 bucket."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

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
    # Whether clients fetch objects straight from the store (a bucket: presigned or public
    # URLs) rather than through the API, which serves a local folder itself.
    presigns: ClassVar[bool]

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

    def public_url(self, key: str, expires_s: int) -> str | None:
        """A URL that serves the object without the API, valid for `expires_s` seconds
        (S3: presigned); None where the API serves the files itself (a local folder)."""

    def object_name(self, key: str) -> str:
        """The object's name inside the store (with any bucket prefix), for public base URLs."""

    def local_file(self, key: str) -> Path | None:
        """The object's file when the store is a local folder; None otherwise."""

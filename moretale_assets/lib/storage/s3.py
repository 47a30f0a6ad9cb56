"""S3 (or any S3-compatible store) storage. Each object is one PUT, so a reader sees the old
object, the new one, or none; manifests are written after the files they list."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from moretale_assets.lib.storage.base import NotFound, validate_key


class S3Storage:
    presigns = True

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _key(self, key: str) -> str:
        return self.prefix + validate_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise NotFound(key) from exc
            raise

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def _list(self, prefix: str) -> list[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        keys: list[str] = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix) + "/"):
            keys += [obj["Key"] for obj in page.get("Contents", [])]
        return keys

    def list(self, prefix: str) -> list[str]:
        return sorted(k[len(self.prefix) :] for k in self._list(prefix))

    def delete_prefix(self, prefix: str) -> int:
        keys = self._list(prefix)
        for i in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            batch = [{"Key": k} for k in keys[i : i + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
        return len(keys)

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def presign(self, key: str, expires_s: int) -> str:
        """A GET URL valid for `expires_s` seconds; the signature is its only credential."""
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self._key(key)},
            ExpiresIn=expires_s,
        )

    def public_url(self, key: str, expires_s: int) -> str:
        return self.presign(key, expires_s)

    def object_name(self, key: str) -> str:
        return self._key(key)

    def local_file(self, key: str) -> None:
        return None

"""A batch of story requests, as `/api/stories/batch` and `/api/sets/{name}/stories` take it:
parsed at a bounded cost and validated all or nothing before any story is created."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from starlette.requests import Request

from api import service
from api.errors import ApiError
from api.settings import ApiSettings
from moretale_assets.lib.schemas import StoryRequest


@dataclass(frozen=True)
class Batch:
    items: list[Any]
    # Errors name an item by its line in JSON Lines, by its 0-based index in a JSON list.
    numbered_by: Literal["line", "index"]
    numbers: list[int]
    # The JSON body's fields besides "stories" (e.g. a set's callback_url).
    extra: dict[str, Any] = field(default_factory=dict)


# The request body both batch routes document (a JSON list or object, or JSON Lines).
BODY_CONTENT: dict[str, Any] = {
    "application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}},
    "application/x-ndjson": {
        "schema": {"type": "string", "description": "one StoryRequest per line"}
    },
}


async def read_body(request: Request) -> tuple[bytes, str]:
    """The batch's bytes and content type: the body, or the 'file' of a multipart upload."""
    content_type = request.headers.get("content-type", "")
    if "multipart" not in content_type:
        return await request.body(), content_type
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(400, "INVALID_BATCH", "multipart upload needs a 'file' field")
    return await upload.read(), content_type


def too_many(count: int, most: int) -> ApiError:
    return ApiError(422, "BATCH_TOO_LARGE", f"at most {most} stories per batch", {"count": count})


def _reason(exc: ValueError | RecursionError) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"


def parse(raw: bytes, content_type: str, most: int) -> Batch:
    """400 for bytes that are not UTF-8 JSON (nesting too deep included); 422 for an empty batch
    or more than `most` items, JSON Lines counted before any line is parsed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, "INVALID_ENCODING", f"the body is not UTF-8 (byte {exc.start})"
        ) from exc
    if "ndjson" in content_type or "jsonl" in content_type or "multipart" in content_type:
        numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
        if len(numbered) > most:
            raise too_many(len(numbered), most)
        items = []
        for number, line in numbered:
            try:
                items.append(json.loads(line))
            except (ValueError, RecursionError) as exc:
                raise ApiError(
                    400, "INVALID_JSONL", f"line {number}: {_reason(exc)}", {"line": number}
                ) from exc
        batch = Batch(items, "line", [n for n, _ in numbered])
    else:
        try:
            data = json.loads(text or "null")
        except (ValueError, RecursionError) as exc:
            raise ApiError(400, "INVALID_JSON", f"body is not JSON: {_reason(exc)}") from exc
        extra: dict[str, Any] = {}
        if isinstance(data, dict) and isinstance(data.get("stories"), list):
            extra = {k: v for k, v in data.items() if k != "stories"}
            data = data["stories"]
        if not isinstance(data, list):
            raise ApiError(
                400, "INVALID_BATCH", 'send {"stories": [...]}, a JSON list, or JSON Lines'
            )
        batch = Batch(data, "index", list(range(len(data))), extra)
    if not batch.items:
        raise ApiError(422, "VALIDATION_ERROR", "the batch is empty")
    if len(batch.items) > most:
        raise too_many(len(batch.items), most)
    return batch


def validate_all(batch: Batch, settings: ApiSettings) -> list[StoryRequest]:
    """Every item a valid request this deployment can make, or one 422 listing each bad item by
    its line or index; nothing is created either way."""
    parsed, errors = [], []
    for position, item in enumerate(batch.items):
        where = {batch.numbered_by: batch.numbers[position]}
        try:
            req = StoryRequest.model_validate(item)
            service.check_supported(req, settings.story_provider, settings.has_gemini_key)
            parsed.append(req)
        except ValidationError as exc:
            errs = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
            errors.append({**where, "errors": errs})
        except ApiError as exc:
            errors.append({**where, "errors": [{"loc": [], "msg": exc.message}]})
    if errors:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            f"{len(errors)} of {len(batch.items)} stories are invalid; nothing was created",
            errors,
        )
    return parsed

"""Where each part of a book lives in storage (MoreTale's folder layout) and how to read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import BaseModel

from moretale_assets.lib.languages import language_slug
from moretale_assets.lib.schemas import AudioManifest, IllustrationManifest, Story, StoryRequest
from moretale_assets.lib.storage import NotFound, Storage
from moretale_assets.lib.story_ids import validate_story_id

Role = Literal["primary", "secondary"]
M = TypeVar("M", bound=BaseModel)

REQUEST = "request.json"
STORY = "story.json"
AUDIO_MANIFEST = "audio/manifest.json"
ILLUSTRATION_MANIFEST = "illustrations/manifest.json"
COVER = "illustrations/cover.png"
# What only the API knows about a story (created_at, set, soft delete): schemas.StoryMeta.
META = "meta.json"
QUALITY_DIR = "quality"


def audio_path(page: int, role: Role, lang: str) -> str:
    folder = f"{'01' if role == 'primary' else '02'}_{language_slug(lang)}"
    return f"audio/{folder}/page_{page:02d}_{role}.wav"


def illustration_path(page: int) -> str:
    return f"illustrations/page_{page:02d}.png"


def quality_path(check: str) -> str:
    """Where a quality check writes its report for the story (one file per check: the checks
    of one book may run at the same time, in separate processes)."""
    return f"{QUALITY_DIR}/{check}.json"


@dataclass(frozen=True)
class Book:
    """One story's files. Paths given to it are relative to the story's folder."""

    storage: Storage
    story_id: str

    def __post_init__(self) -> None:
        validate_story_id(self.story_id)

    def key(self, path: str) -> str:
        return f"{self.story_id}/{path}"

    def uri(self, path: str) -> str:
        return self.storage.uri(self.key(path))

    def put(self, path: str, data: bytes, content_type: str) -> None:
        self.storage.put(self.key(path), data, content_type)

    def get(self, path: str) -> bytes:
        return self.storage.get(self.key(path))

    def exists(self, path: str) -> bool:
        return self.storage.exists(self.key(path))

    def put_model(self, path: str, model: BaseModel) -> None:
        data = json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.put(path, data.encode(), "application/json")

    def get_model(self, path: str, cls: type[M], **context: object) -> M:
        return cls.model_validate_json(self.get(path), context=context or None)

    def get_model_or_none(self, path: str, cls: type[M]) -> M | None:
        try:
            return self.get_model(path, cls)
        except NotFound:
            return None

    # The typed accessors below are what the assets and the API call.
    def request(self) -> StoryRequest:
        return self.get_model(REQUEST, StoryRequest)

    def story(self) -> Story:
        return self.get_model(STORY, Story)

    def audio_manifest(self) -> AudioManifest | None:
        return self.get_model_or_none(AUDIO_MANIFEST, AudioManifest)

    def illustration_manifest(self) -> IllustrationManifest | None:
        return self.get_model_or_none(ILLUSTRATION_MANIFEST, IllustrationManifest)

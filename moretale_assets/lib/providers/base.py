"""Provider interfaces: small, synchronous, bytes-in/bytes-out. Storage decides where bytes live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from moretale_assets.lib.schemas import Story, StoryRequest

ImageKind = Literal["page", "cover"]


class ProviderError(Exception):
    """A provider call failed. `retryable` says whether trying again could help."""

    def __init__(self, message: str, *, retryable: bool = True, code: str = "PROVIDER_ERROR"):
        super().__init__(message)
        self.retryable = retryable
        self.code = code


class UnsupportedRequest(ProviderError):
    """The provider can never serve this request (e.g. a language it cannot write).

    `field` names the request field at fault ("language" or "theme"), for the API's 422."""

    def __init__(self, message: str, *, field: str = "language"):
        super().__init__(message, retryable=False, code="UNSUPPORTED_REQUEST")
        self.field = field


@dataclass(frozen=True)
class Speech:
    wav: bytes  # 24 kHz, mono, 16-bit PCM WAV
    model: str
    voice: str
    duration_s: float


@dataclass(frozen=True)
class Picture:
    png: bytes
    width: int
    height: int
    model: str
    seed: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # The drawn pixels (a PIL image) when the provider had them in memory: the picture check's
    # measures are taken from them instead of decoding the PNG once more.
    image: Any = field(default=None, compare=False, repr=False)


@runtime_checkable
class StoryWriter(Protocol):
    provider: str
    model: str

    def check(self, request: StoryRequest) -> None:
        """Raise UnsupportedRequest up front if this writer can never serve `request`."""

    def write(self, request: StoryRequest) -> Story: ...


@runtime_checkable
class SpeechSynthesizer(Protocol):
    provider: str
    model: str

    def synthesize(self, text: str, *, language: str, voice: str) -> Speech: ...


@runtime_checkable
class Illustrator(Protocol):
    provider: str
    model: str

    def draw(
        self,
        prompt: str,
        *,
        kind: ImageKind,
        aspect_ratio: str,
        seed: int,
        reference_png: bytes | None = None,
    ) -> Picture: ...

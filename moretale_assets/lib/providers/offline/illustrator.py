"""An illustrator that needs no network and no model: it reads the prompt's keywords and draws
the scene with Pillow. Good enough to see a whole book end to end, and fully reproducible."""

from __future__ import annotations

from typing import get_args

from moretale_assets.lib.images.draw import render
from moretale_assets.lib.images.png import encode_png
from moretale_assets.lib.images.ratios import size_for
from moretale_assets.lib.images.scene import parse_scene
from moretale_assets.lib.providers.base import ImageKind, Picture, ProviderError

KINDS: tuple[str, ...] = get_args(ImageKind)


class OfflineIllustrator:
    provider = "offline"
    model = "pillow-scene-v1"

    def __init__(self, long_side: int = 1024):
        self.long_side = long_side

    def draw(
        self,
        prompt: str,
        *,
        kind: ImageKind,
        aspect_ratio: str,
        seed: int,
        reference_png: bytes | None = None,
    ) -> Picture:
        """Draw `prompt`. `reference_png` (character consistency for model-based illustrators)
        is accepted and ignored: here the hero's look comes from the prompt's description."""
        if not prompt or not prompt.strip():
            raise ProviderError("illustration prompt is empty", retryable=False, code="BAD_PROMPT")
        if kind not in KINDS:
            raise ProviderError(
                f"unknown image kind {kind!r}; expected one of {', '.join(KINDS)}",
                retryable=False,
                code="BAD_REQUEST",
            )
        try:
            size = size_for(aspect_ratio, self.long_side)
        except ValueError as exc:
            raise ProviderError(str(exc), retryable=False, code="BAD_ASPECT_RATIO") from exc
        img = render(parse_scene(prompt), size, seed, cover=kind == "cover")
        extra = {"reference": "ignored"} if reference_png is not None else {}
        return Picture(
            png=encode_png(img),
            width=img.width,
            height=img.height,
            model=self.model,
            seed=seed,
            extra=extra,
            image=img,
        )

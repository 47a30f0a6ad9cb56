"""Illustrations with the cover sent as a character reference on every page; a safety block is
retried with a reworded prompt (the reference kept), and the rewording that passed recorded."""

from __future__ import annotations

import io

from google.genai import types
from PIL import Image

from moretale_assets.lib.providers.base import ImageKind, Picture, ProviderError
from moretale_assets.lib.providers.gemini.client import GeminiCaller
from moretale_assets.lib.providers.gemini.rewording import rewordings

REFERENCE_NOTE = (
    "The attached image is this book's cover. Draw the same main character: identical face, "
    "hair, skin tone, outfit and colours, in the same art style. Do not copy the cover's "
    "composition. No text, letters or signs in the picture.\n\n"
)


class SafetyBlocked(ProviderError):
    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False, code="SAFETY_BLOCKED")


class GeminiIllustrator:
    provider = "gemini"

    def __init__(self, caller: GeminiCaller) -> None:
        self.caller = caller
        self.model = caller.config.image_model

    def draw(
        self,
        prompt: str,
        *,
        kind: ImageKind,
        aspect_ratio: str,
        seed: int,
        reference_png: bytes | None = None,
    ) -> Picture:
        tries = [("", prompt), *rewordings(prompt, self.caller.config.safety_rewordings)]
        reasons = []
        for rewording, text in tries:
            try:
                picture = self._draw_once(text, kind, aspect_ratio, reference_png)
            except SafetyBlocked as exc:
                reasons.append(f"{rewording or 'original'}: {exc}")
                continue
            picture.extra.update(
                {"rewording": rewording, "sent_prompt": text, "safety_blocks": str(len(reasons))}
            )
            return picture
        raise SafetyBlocked(
            f"{self.model} blocked the image {len(tries)} times, the original prompt and "
            f"{len(tries) - 1} rewording(s): " + " | ".join(reasons)
        )

    def _draw_once(
        self, prompt: str, kind: ImageKind, aspect_ratio: str, reference_png: bytes | None
    ) -> Picture:
        contents: list[types.Part | str]
        if reference_png and kind == "page":
            contents = [
                types.Part.from_bytes(data=reference_png, mime_type="image/png"),
                REFERENCE_NOTE + prompt,
            ]
        else:
            contents = [prompt]
        config = types.GenerateContentConfig(
            response_modalities=["IMAGE"],
            image_config=types.ImageConfig(aspect_ratio=aspect_ratio),
        )
        response = self.caller.generate(self.model, contents, config).response
        for cand in response.candidates or []:
            for part in (cand.content.parts if cand.content else None) or []:
                data = getattr(part, "inline_data", None)
                if data is not None and data.data and (data.mime_type or "").startswith("image/"):
                    return _as_png(data.data, self.model, reference_png is not None)
        reason = str(response.candidates[0].finish_reason) if response.candidates else "none"
        if "SAFETY" in reason or "PROHIBITED" in reason:
            raise SafetyBlocked(f"{self.model} blocked the image ({reason})")
        raise ProviderError(
            f"{self.model} returned no image (finish reason {reason})", code="NO_CONTENT"
        )


def _as_png(data: bytes, model: str, referenced: bool) -> Picture:
    with Image.open(io.BytesIO(data)) as img:
        width, height = img.size
        if data.startswith(b"\x89PNG"):
            png = data
        else:  # the book layout stores PNG; JPEG or WebP replies are converted once
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "PNG")
            png = buf.getvalue()
    return Picture(png, width, height, model, extra={"reference": "cover" if referenced else ""})

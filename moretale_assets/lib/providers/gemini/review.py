"""The text model as a reviewer of a book's files: it transcribes a narration clip (audio in,
text out) and looks at a picture (structured JSON). Calls go through the GeminiCaller, so they
are paced against the text model's own quota and retried like every other call."""

from __future__ import annotations

from google.genai import types
from pydantic import BaseModel, Field, ValidationError

from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.client import GeminiCaller

TRANSCRIBE = (
    "Transcribe the speech in this {language} recording exactly as spoken, word for word, in "
    "{language} script. Reply with the transcript only: no notes, no timestamps, no quotes."
)
LOOK = (
    "You check illustrations for a children's picture book. The first image is a page's "
    "illustration{cover}. Answer only from what you see.\n"
    "1. Is any text, lettering, number or sign drawn in the illustration? Quote it.\n"
    "2. Which of the things listed below can be seen in the illustration?\n"
    "{character}"
    "things: {things}\n"
)
COVER = "; the second is the book's cover"
CHARACTER = (
    "3. Is the main character in the illustration the same character as on the cover (face, "
    "hair, skin, outfit colours)?\n"
)


class PictureReview(BaseModel):
    text_in_picture: bool = Field(description="any lettering, numbers or signs drawn")
    text_seen: str = Field("", description="the lettering, quoted")
    present: list[str] = Field(default_factory=list, description="listed things that are seen")
    missing: list[str] = Field(default_factory=list, description="listed things not seen")
    same_character_as_cover: bool | None = Field(
        None, description="the main character matches the cover's (null without a cover)"
    )
    notes: str = ""


class GeminiReviewer:
    provider = "gemini"

    def __init__(self, caller: GeminiCaller) -> None:
        self.caller = caller
        self.model = caller.config.story_model  # the text model reads audio and images too

    def transcribe(self, wav: bytes, language: str) -> str:
        contents = [
            types.Part.from_bytes(data=wav, mime_type="audio/wav"),
            TRANSCRIBE.format(language=language),
        ]
        config = types.GenerateContentConfig(temperature=0.0)
        response = self.caller.generate(self.model, contents, config).response
        return (response.text or "").strip()

    def review_picture(
        self, png: bytes, *, things: list[str], cover_png: bytes | None = None
    ) -> PictureReview:
        prompt = LOOK.format(
            cover=COVER if cover_png else "",
            character=CHARACTER if cover_png else "",
            things=", ".join(things) or "(none)",
        )
        contents: list[types.Part | str] = [types.Part.from_bytes(data=png, mime_type="image/png")]
        if cover_png:
            contents.append(types.Part.from_bytes(data=cover_png, mime_type="image/png"))
        contents.append(prompt)
        config = types.GenerateContentConfig(
            response_mime_type="application/json",
            response_schema=PictureReview,
            temperature=0.0,
        )
        response = self.caller.generate(self.model, contents, config).response
        if isinstance(response.parsed, PictureReview):
            return response.parsed
        try:
            return PictureReview.model_validate_json(response.text or "")
        except ValidationError as exc:
            raise ProviderError(
                f"{self.model} reviewed a picture with an unusable reply: {exc.errors()[:3]}",
                retryable=False,
                code="BAD_REPLY",
            ) from exc

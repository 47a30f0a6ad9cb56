"""Story writing with structured output, validated, with the validation errors fed back."""

from __future__ import annotations

import json
import re
from importlib import resources

from google.genai import types
from pydantic import BaseModel, ValidationError

from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.client import GeminiCaller
from moretale_assets.lib.providers.gemini.rewording import soften
from moretale_assets.lib.schemas import Page, Story, StoryRequest, VocabularyEntry

FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
SAFE_STORY = (
    "This is a gentle bedtime picture book for a young child: keep every scene safe, kind and "
    "reassuring, with nothing frightening or violent.\n\n"
)


class GeneratedVocabulary(BaseModel):
    primary_word: str
    secondary_word: str
    primary_definition: str
    secondary_definition: str


class GeneratedPage(BaseModel):
    page_number: int
    text_primary: str
    text_secondary: str
    illustration_scene_prompt: str
    vocabulary: list[GeneratedVocabulary]


class GeneratedStory(BaseModel):
    """What the model writes; the app fills the rest of MoreTale's Story (prefixes, ids)."""

    title_primary: str
    title_secondary: str
    image_style: str
    main_character_design: str
    cover_illustration_prompt: str
    pages: list[GeneratedPage]


def _prompt(name: str) -> str:
    return resources.files(__package__).joinpath("prompts", name).read_text(encoding="utf-8")


def build_story(gen: GeneratedStory, request: StoryRequest) -> Story:
    prefix = ", ".join(p for p in (gen.image_style.rstrip(", "), gen.main_character_design) if p)
    pages = []
    for p in gen.pages:
        vocab = [
            VocabularyEntry(entry_id=f"page-{p.page_number:02d}-word-{i:02d}", **v.model_dump())
            for i, v in enumerate(p.vocabulary, 1)
        ]
        pages.append(
            Page(
                page_number=p.page_number,
                text_primary=p.text_primary,
                text_secondary=p.text_secondary,
                illustration_prompt=f"{prefix}, {p.illustration_scene_prompt}",
                illustration_scene_prompt=p.illustration_scene_prompt,
                vocabulary=vocab,
            ).model_dump()
        )
    return Story.model_validate(
        {
            "title_primary": gen.title_primary,
            "title_secondary": gen.title_secondary,
            "author_name": "MoreTale",
            "primary_language": request.primary_lang,
            "secondary_language": request.secondary_lang,
            "image_style": gen.image_style,
            "main_character_design": gen.main_character_design,
            "illustration_prefix": prefix,
            "cover_illustration_prompt": f"{prefix}, {gen.cover_illustration_prompt}",
            "pages": pages,
        },
        context={"page_count": request.page_count},
    )


class GeminiStoryWriter:
    provider = "gemini"

    def __init__(self, caller: GeminiCaller, attempts: int = 3) -> None:
        self.caller, self.attempts = caller, attempts
        self.model = caller.config.story_model
        self.last_attempts = 0
        self.last_rewording = ""  # "" or "gentle": how the request that passed was reworded
        self.last_prompt = ""

    def check(self, request: StoryRequest) -> None:
        """Gemini writes every allowlisted language."""

    def _contents(self, request: StoryRequest) -> str:
        return _prompt("user_prompt.txt").format(
            child_name=request.child_name,
            child_age=request.child_age or "unknown",
            primary_lang=request.primary_lang,
            secondary_lang=request.secondary_lang,
            page_count=request.page_count,
            theme=request.theme or "(none)",
            extra_prompt=request.extra_prompt or "(none)",
        )

    def write(self, request: StoryRequest) -> Story:
        system = _prompt("system_instruction.txt").format(
            page_count=request.page_count,
            primary_lang=request.primary_lang,
            secondary_lang=request.secondary_lang,
        )
        config = types.GenerateContentConfig(
            system_instruction=f"{system}\n\n---\n\n{_prompt('style_guide.txt')}",
            response_mime_type="application/json",
            response_schema=GeneratedStory,
            temperature=1.0,
        )
        contents: list[types.Content] = [
            types.Content(role="user", parts=[types.Part(text=self._contents(request))])
        ]
        problems: list[str] = []
        self.last_rewording, self.last_prompt = "", self._contents(request)
        for attempt in range(1, self.attempts + 1):
            self.last_attempts = attempt
            call = self.caller.generate(self.model, contents, config)
            reply, problem = self._parse(call.response, request)
            if reply is not None:
                return reply
            problems.append(problem)
            if problem.startswith("blocked"):
                # A safety block is not deterministic: ask again, reworded more gently each
                # time (the blocked reply has no text to show the model).
                self.last_rewording = "gentle" if not self.last_rewording else "gentle+soft"
                text = SAFE_STORY + (
                    soften(self._contents(request))
                    if self.last_rewording != "gentle"
                    else self._contents(request)
                )
                self.last_prompt = text
                contents = [types.Content(role="user", parts=[types.Part(text=text)])]
                continue
            # Show the model its own answer and exactly what was wrong with it.
            text = _text(call.response)
            if text:
                contents.append(types.Content(role="model", parts=[types.Part(text=text)]))
            contents.append(
                types.Content(
                    role="user",
                    parts=[
                        types.Part(
                            text=(
                                f"That reply cannot be used: {problem}\nReturn the complete "
                                f"corrected book as JSON only, exactly {request.page_count} "
                                "pages."
                            )
                        )
                    ],
                )
            )
        code = (
            "SAFETY_BLOCKED" if all(p.startswith("blocked") for p in problems) else "STORY_INVALID"
        )
        raise ProviderError(
            f"no valid story after {self.attempts} attempts: " + " | ".join(problems),
            retryable=False,
            code=code,
        )

    def _parse(
        self, response: types.GenerateContentResponse, request: StoryRequest
    ) -> tuple[Story | None, str]:
        candidate = response.candidates[0] if response.candidates else None
        reason = str(getattr(candidate, "finish_reason", "") or "")
        if candidate is None or candidate.content is None or not candidate.content.parts:
            return None, f"blocked or empty reply (finish reason {reason or 'none'})"
        parsed = response.parsed if isinstance(response.parsed, GeneratedStory) else None
        try:
            if parsed is None:
                text = _text(response) or ""
                fenced = FENCE.match(text)
                parsed = GeneratedStory.model_validate_json(fenced.group(1) if fenced else text)
            return build_story(parsed, request), ""
        except ValidationError as exc:
            errs = "; ".join(
                f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]
            )
            cut = " (the reply was cut off)" if "MAX_TOKENS" in reason else ""
            return None, f"invalid JSON for the schema{cut}: {errs}"
        except json.JSONDecodeError as exc:
            return None, f"not JSON: {exc}"


def _text(response: types.GenerateContentResponse) -> str | None:
    parts = (
        response.candidates[0].content.parts
        if response.candidates and response.candidates[0].content
        else []
    )
    texts = [p.text for p in parts or [] if getattr(p, "text", None)]
    return "".join(texts) if texts else None

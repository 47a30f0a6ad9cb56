"""Reading a generateContent request and building the reply the real API would send.

Kinds of reply, chosen from `generationConfig` (camelCase or snake_case keys both work,
because the SDK sends nested configs such as `speechConfig` in snake_case):

* AUDIO in `responseModalities` (or a `*-tts` model with no modalities): TTS. The request's
  text is read by espeak-ng and returned as raw 16-bit little-endian mono PCM at 24 kHz,
  mimeType `audio/L16;codec=pcm;rate=24000`, like Gemini TTS.
* IMAGE in `responseModalities` (or a `*-image*` model with no modalities): a PNG drawn by
  MoreTale's offline illustrator, sized like gemini-2.5-flash-image for
  `imageConfig.aspectRatio`, plus a short text part when TEXT is also requested.
* `responseMimeType: application/json`: JSON text built from `responseSchema` (Gemini's
  OpenAPI subset, types in upper case) or `responseJsonSchema` (JSON Schema, `$ref`/`$defs`).
* a text request with audio inline: a transcript, from what the emulator said (see
  `emulators.gemini.review`); JSON with an image inline: a picture review, from what it drew.
* anything else: a short plain-text reply.

Story prompt convention
-----------------------
A JSON request whose prompt text (system instruction and user parts) holds lines of the form
`key: value` gets a real story from MoreTale's offline story writer, projected onto the
requested schema. Keys (case-insensitive, `-`/space same as `_`):

    child_name: Mina                 (required; alias `name`)
    primary_language: Korean         (required; alias `primary_lang`; name or ISO code)
    secondary_language: English      (required; alias `secondary_lang`)
    page_count: 24                   (optional, 4..32, default 24; alias `pages`)
    child_age: 5                     (optional, 2..12)
    theme: friendship at the beach   (optional)
    extra_prompt: a red kite         (optional)

The offline writer writes Korean and English only. With other languages, missing required
keys, or a schema that does not look like MoreTale's Story, the reply is a schema-driven filler
that still honours `page_count` for a `pages` array and the languages for `*language*` keys.

TTS text convention
-------------------
* A line `language: Korean` (or `lang:`) and `speechConfig.languageCode` are language hints;
  otherwise Hangul, kana or Han characters pick Korean, Japanese or Chinese, and anything else
  is English.
* A first line starting with read/say/speak/narrate/recite/please/in a/with a is a direction,
  up to its first colon (or the whole line, when it has no colon and more lines follow).
  Written in the documented style — one clause ending in a colon, e.g. `Say in a warm,
  gentle voice:` — it is not read aloud by models before 3.8; 3.8 TTS models read their text
  verbatim (the style belongs in `speechMetadata`), so they read that one too. Any other
  direction (say `Read each passage below. Read only the passages.`) is read aloud before the
  text, as real TTS models may do, while `speech.spoken_direction` is on (the default); with
  realism off every direction is dropped.
* Segments: lines starting `[PAGE n]` begin a new segment; without such markers, blank lines
  separate segments.
* Inline tags (`<long pause>`, `[sighs]`): a tag in the bracket style the model's family
  documents (`speech_markup`: angle brackets for 3.8 TTS, square brackets before) is markup,
  never spoken; a page break it asks for is drawn like any other, so in the
  `speech.unreliable_pauses` share of clips it is no longer than a sentence pause (real TTS
  does not always honour requested pauses). A tag in the other family's style is read aloud.
  A style in a part's `speechMetadata` is never spoken (it is not in the text).
* Realism on (`speech.enabled`, the default): the clip comes from `emulators.gemini.voice` —
  noise floor, breaths, varying rate, page pauses that are sometimes sentence-length — and
  its ground truth (where each passage starts and ends) is kept by response id
  (`GET /_emulator/speech/{responseId}`).
* Realism off: espeak-ng segments joined with `page_pause_s` (0.8 s) of digital silence, each
  segment's own leading/trailing silence trimmed, so the only pauses of 0.7 s or more are the
  ones between segments (espeak's sentence pauses measure about 0.35 s).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from emulators.gemini import review, voice
from emulators.gemini.config import ReviewRealism, SpeechRealism
from moretale_assets.lib.audio import SAMPLE_RATE, decode_wav
from moretale_assets.lib.images.draw import render
from moretale_assets.lib.images.png import encode_png
from moretale_assets.lib.images.ratios import size_for
from moretale_assets.lib.images.scene import HeroLook, drawn_things, parse_scene
from moretale_assets.lib.languages import normalize_language
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.config import speech_markup
from moretale_assets.lib.providers.offline.speech import EspeakSpeech
from moretale_assets.lib.schemas import MAX_PAGES, MIN_PAGES, StoryRequest
from moretale_assets.lib.scripts import HAN, HANGUL_JAMO, HANGUL_SYLLABLES, KANA

Kind = Literal["text", "json", "audio", "image"]

AUDIO_MIME = f"audio/L16;codec=pcm;rate={SAMPLE_RATE}"
# gemini-2.5-flash-image output sizes per aspect ratio (Google's image-generation docs).
IMAGE_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "2:3": (832, 1248),
    "3:2": (1248, 832),
    "3:4": (864, 1184),
    "4:3": (1184, 864),
    "4:5": (896, 1152),
    "5:4": (1152, 896),
    "9:16": (768, 1344),
    "16:9": (1344, 768),
    "21:9": (1536, 672),
}
IMAGE_TOKENS = 1290  # Google prices one gemini-2.5-flash-image output image as 1290 tokens
AUDIO_TOKENS_PER_S = 25  # Gemini counts audio at 25 tokens per second (input side; see notes)
DEFAULT_PAGES = 24
SILENCE_LEVEL = 200  # |sample| below this counts as silence when trimming espeak's edges
EDGE_KEEP_S = 0.02  # keep a little of each edge so words do not start with a click


class BadRequest(Exception):
    """The request is one the real API would refuse with 400 INVALID_ARGUMENT."""


# --- reading the request ------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def pick(d: Any, name: str, default: Any = None) -> Any:
    """`d[name]` under its camelCase or snake_case spelling (the SDK mixes both)."""
    if not isinstance(d, dict):
        return default
    if name in d:
        return d[name]
    snake = _snake(name)
    return d.get(snake, default)


@dataclass(frozen=True)
class GenRequest:
    model: str
    kind: Kind
    text: str  # the user's text parts, joined by newlines
    system: str  # the system instruction's text
    gen_config: dict[str, Any]
    schema: dict[str, Any] | None = None
    json_schema: bool = False  # True: `schema` is JSON Schema (responseJsonSchema)
    aspect_ratio: str = "1:1"
    text_part: bool = False  # image replies: also return a short text part
    language_code: str | None = None
    voice: str | None = None
    input_images: int = 0
    inline: tuple[tuple[str, bytes], ...] = ()  # (mime type, bytes) of inline input parts
    style: str | None = None  # TTS: a part's speechMetadata.style (direction, never spoken)

    @property
    def prompt_tokens(self) -> int:
        return estimate_tokens(self.system + self.text) + 258 * self.input_images


def estimate_tokens(text: str) -> int:
    """About 4 characters per token, the rule of thumb Google documents for English."""
    return max(1, math.ceil(len(text) / 4))


def _texts(content: Any, styles: list[str] | None = None) -> tuple[list[str], int]:
    texts: list[str] = []
    images = 0
    parts = pick(content, "parts", []) if isinstance(content, dict) else []
    for part in parts or []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            texts.append(part["text"])
        style = pick(pick(part, "speechMetadata"), "style")
        if isinstance(style, str) and styles is not None:
            styles.append(style)
        if pick(part, "inlineData") is not None or pick(part, "fileData") is not None:
            images += 1
    return texts, images


def parse_request(model: str, body: dict[str, Any]) -> GenRequest:
    contents = body.get("contents")
    if isinstance(contents, dict):
        contents = [contents]
    if not isinstance(contents, list) or not contents:
        raise BadRequest("* GenerateContentRequest.contents: contents is not specified")
    texts: list[str] = []
    styles: list[str] = []
    images = 0
    inline: list[tuple[str, bytes]] = []
    for content in contents:
        if isinstance(content, dict) and content.get("role", "user") != "user":
            continue  # earlier model turns are context, not something to answer
        t, n = _texts(content, styles)
        texts += t
        images += n
        parts = pick(content, "parts", []) if isinstance(content, dict) else []
        inline += review.media([p for p in parts or [] if isinstance(p, dict)])
    system_texts, _ = _texts(pick(body, "systemInstruction") or {})
    gen = pick(body, "generationConfig") or {}
    if not isinstance(gen, dict):
        raise BadRequest("generationConfig must be an object")

    modalities = [str(m).upper() for m in (pick(gen, "responseModalities") or [])]
    mime = str(pick(gen, "responseMimeType") or "text/plain").lower()
    schema = pick(gen, "responseSchema")
    json_schema = False
    if schema is None and pick(gen, "responseJsonSchema") is not None:
        schema, json_schema = pick(gen, "responseJsonSchema"), True
    if schema is not None and not isinstance(schema, dict):
        raise BadRequest("responseSchema must be an object")
    if schema is not None and mime != "application/json":
        raise BadRequest(
            "* GenerateContentRequest.generation_config.response_mime_type: "
            "responseSchema requires responseMimeType application/json"
        )

    kind: Kind
    if "AUDIO" in modalities or (not modalities and model.endswith("-tts")):
        kind = "audio"
    elif "IMAGE" in modalities or (not modalities and "-image" in model):
        kind = "image"
    elif mime == "application/json":
        kind = "json"
    else:
        kind = "text"

    image_config = pick(gen, "imageConfig") or {}
    aspect = str(pick(image_config, "aspectRatio") or "1:1")
    if kind == "image" and aspect not in IMAGE_SIZES:
        raise BadRequest(
            f"Unsupported aspect ratio {aspect!r}; supported: {', '.join(IMAGE_SIZES)}"
        )
    speech = pick(gen, "speechConfig") or {}
    voice = pick(pick(pick(speech, "voiceConfig") or {}, "prebuiltVoiceConfig") or {}, "voiceName")
    return GenRequest(
        model=model,
        kind=kind,
        text="\n".join(texts),
        system="\n".join(system_texts),
        gen_config=gen,
        schema=schema,
        json_schema=json_schema,
        aspect_ratio=aspect,
        text_part=kind == "image" and (not modalities or "TEXT" in modalities),
        language_code=pick(speech, "languageCode"),
        voice=voice,
        input_images=images,
        inline=tuple(inline),
        style="; ".join(styles) or None,
    )


# --- the reply ------------------------------------------------------------------------------


@dataclass
class Reply:
    """What the model "said", before it is wrapped as one body or as stream chunks."""

    kind: Kind
    prompt_tokens: int
    text: str | None = None
    audio: bytes | None = None  # raw PCM
    image: bytes | None = None  # PNG
    image_size: tuple[int, int] | None = None
    finish_reason: str = "STOP"
    blocked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def output_tokens(self) -> int:
        if self.blocked:
            return 0
        n = estimate_tokens(self.text) if self.text else 0
        if self.audio is not None:
            n += math.ceil(len(self.audio) / 2 / SAMPLE_RATE * AUDIO_TOKENS_PER_S)
        if self.image is not None:
            n += IMAGE_TOKENS
        return n

    def parts(self) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        if self.text is not None:
            parts.append({"text": self.text})
        if self.audio is not None:
            parts.append(_inline(AUDIO_MIME, self.audio))
        if self.image is not None:
            parts.append(_inline("image/png", self.image))
        return parts


def _inline(mime: str, data: bytes) -> dict[str, Any]:
    return {"inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode("ascii")}}


def usage(reply: Reply, *, final: bool = True) -> dict[str, Any]:
    out = reply.output_tokens if final else 0
    modality = {"audio": "AUDIO", "image": "IMAGE"}.get(reply.kind, "TEXT")
    meta: dict[str, Any] = {
        "promptTokenCount": reply.prompt_tokens,
        "totalTokenCount": reply.prompt_tokens + out,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": reply.prompt_tokens}],
    }
    if out:
        meta["candidatesTokenCount"] = out
        meta["candidatesTokensDetails"] = [{"modality": modality, "tokenCount": out}]
    return meta


def _candidate(parts: list[dict[str, Any]] | None, finish: str | None) -> dict[str, Any]:
    cand: dict[str, Any] = {"index": 0}
    if parts:
        cand["content"] = {"parts": parts, "role": "model"}
    if finish:
        cand["finishReason"] = finish
    if finish in ("SAFETY", "IMAGE_SAFETY"):
        cand["safetyRatings"] = [
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}
        ]
    return cand


def response_body(reply: Reply, model_version: str, response_id: str) -> dict[str, Any]:
    parts = None if reply.blocked else reply.parts()
    return {
        "candidates": [_candidate(parts, reply.finish_reason)],
        "usageMetadata": usage(reply),
        "modelVersion": model_version,
        "responseId": response_id,
    }


def stream_bodies(
    reply: Reply,
    model_version: str,
    response_id: str,
    *,
    audio_chunk_s: float,
    text_chunks: int,
) -> Iterator[dict[str, Any]]:
    """The reply as streamGenerateContent chunks: text in pieces, audio in several inlineData
    chunks (clients must concatenate them), the image whole; the last chunk has the
    finishReason and the full usage."""
    pieces: list[list[dict[str, Any]]] = []
    if not reply.blocked:
        if reply.text:
            pieces += [[{"text": t}] for t in _split_text(reply.text, text_chunks)]
        if reply.audio is not None:
            step = max(2, int(audio_chunk_s * SAMPLE_RATE) * 2)
            pieces += [
                [_inline(AUDIO_MIME, reply.audio[i : i + step])]
                for i in range(0, len(reply.audio), step)
            ]
        if reply.image is not None:
            pieces.append([_inline("image/png", reply.image)])
    if not pieces:
        pieces = [[]]
    for i, parts in enumerate(pieces):
        last = i == len(pieces) - 1
        yield {
            "candidates": [_candidate(parts, reply.finish_reason if last else None)],
            "usageMetadata": usage(reply, final=last),
            "modelVersion": model_version,
            "responseId": response_id,
        }


def _split_text(text: str, n: int) -> list[str]:
    size = max(1, math.ceil(len(text) / n))
    return [text[i : i + size] for i in range(0, len(text), size)] or [text]


def build_reply(
    req: GenRequest,
    fault: str | None,
    *,
    page_pause_s: float,
    realism: SpeechRealism | None = None,
    seed: int = 0,
    memory: review.Memory | None = None,
    reviewing: ReviewRealism | None = None,
) -> Reply:
    """The reply for `req`, with `fault` (a content fault, or None) applied. `realism` (when
    enabled) shapes speech like the real service's; `seed` draws that clip, or a reviewer's
    slips. `memory` keeps what was said and drawn, so the text model can review it."""
    reply = Reply(kind=req.kind, prompt_tokens=req.prompt_tokens)
    slips = reviewing or ReviewRealism()
    if fault == "safety_block":
        reply.blocked = True
        reply.finish_reason = "IMAGE_SAFETY" if req.kind == "image" else "SAFETY"
        return reply
    if req.kind == "audio" and realism is not None and realism.enabled:
        reply.audio, truth = speak_realistically(
            req,
            realism,
            seed,
            page_pause_s=page_pause_s,
            run_together=fault == "split_unverifiable",
        )
        reply.extra["speech_truth"] = truth
        if memory is not None:
            pcm = np.frombuffer(reply.audio, dtype="<i2")
            memory.remember_clip(pcm, [(sp.start, sp.end, sp.text) for sp in truth.spans])
        return reply
    if req.kind == "audio":
        reply.audio = synthesize(
            req, pause_s=0.0 if fault == "split_unverifiable" else page_pause_s
        )
        return reply
    if req.kind == "image":
        png, size, seen = draw(req, fault)
        reply.image, reply.image_size = png, size
        if memory is not None:
            memory.remember_picture(png, seen)
        if req.text_part:
            reply.text = f"Here is the illustration: {_first_words(req.text, 12)}"
        return reply
    audio_in = any(m.startswith("audio/") for m, _ in req.inline)
    if req.kind == "text" and audio_in and memory is not None:
        reply.text = review.transcribe(list(req.inline), memory, random.Random(seed),
                                       slips.word_error_rate)  # fmt: skip
        return reply
    if req.kind == "json":
        value = build_json(req, memory, random.Random(seed), slips.miss_rate)
        if fault == "short_pages":
            value = drop_last_page(value)
        text = json.dumps(value, ensure_ascii=False, indent=2)
    else:
        text = f"(emulated {req.model}) You said: {_first_words(req.text, 40)}"
    if fault == "fenced_json":
        text = f"```json\n{text}\n```"
    elif fault == "truncated_json":
        text = text[: max(1, int(len(text) * 0.6))]
        reply.finish_reason = "MAX_TOKENS"
    reply.text = text
    return reply


def _first_words(text: str, n: int) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


def fault_applies(fault: str, kind: Kind) -> bool:
    """Content faults only make sense for some replies; transport faults for all."""
    if fault in ("fenced_json", "truncated_json"):
        return kind in ("json", "text")
    if fault == "short_pages":
        return kind == "json"
    if fault == "split_unverifiable":
        return kind == "audio"
    if fault in ("draws_text", "other_character"):
        return kind == "image"
    return True


# --- JSON from a schema ---------------------------------------------------------------------


_MISSING: Any = object()
_CONVENTION_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _-]{0,30}?)\s*[:=]\s*(.+?)\s*$")
_ALIASES = {
    "name": "child_name",
    "child": "child_name",
    "primary_lang": "primary_language",
    "secondary_lang": "secondary_language",
    "pages": "page_count",
    "age": "child_age",
}


def read_convention(text: str) -> dict[str, str]:
    """`key: value` lines of the story prompt convention (first occurrence of a key wins)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        m = _CONVENTION_LINE.match(line)
        if not m:
            continue
        key = re.sub(r"[\s-]+", "_", m[1].strip().lower())
        key = _ALIASES.get(key, key)
        found.setdefault(key, m[2])
    return found


def _int(value: str | None) -> int | None:
    m = re.search(r"\d+", value or "")
    return int(m[0]) if m else None


@dataclass(frozen=True)
class Hints:
    """What the filler borrows from the prompt when it has no real story to project."""

    page_count: int | None = None
    primary_language: str = "English"
    secondary_language: str = "Korean"
    child_name: str = "Mina"


def story_inputs(text: str) -> tuple[StoryRequest | None, Hints]:
    conv = read_convention(text)
    pages = _int(conv.get("page_count"))
    if pages is not None:
        pages = min(MAX_PAGES, max(MIN_PAGES, pages))

    def lang(key: str, fallback: str) -> str:
        try:
            return normalize_language(conv.get(key, fallback))
        except ValueError:
            return fallback

    hints = Hints(
        page_count=pages,
        primary_language=lang("primary_language", "English"),
        secondary_language=lang("secondary_language", "Korean"),
        child_name=conv.get("child_name", "Mina")[:40],
    )
    required = ("child_name", "primary_language", "secondary_language")
    if not all(k in conv for k in required):
        return None, hints
    try:
        request = StoryRequest.model_validate(
            {
                "child_name": conv["child_name"],
                "child_age": _int(conv.get("child_age")),
                "primary_lang": conv["primary_language"],
                "secondary_lang": conv["secondary_language"],
                "theme": conv.get("theme", "")[:120],
                "extra_prompt": conv.get("extra_prompt", "")[:2000],
                "page_count": pages or DEFAULT_PAGES,
            }
        )
    except ValueError:
        return None, hints
    return request, hints


def offline_story(request: StoryRequest) -> dict[str, Any] | None:
    from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter

    try:
        return OfflineStoryWriter().write(request).model_dump(mode="json")
    except (ProviderError, ValueError):
        return None  # e.g. a language the offline writer cannot write


def build_json(
    req: GenRequest,
    memory: review.Memory | None = None,
    rng: random.Random | None = None,
    miss_rate: float = 0.0,
) -> Any:
    prompt = f"{req.system}\n{req.text}"
    if memory is not None and any(m.startswith("image/") for m, _ in req.inline):
        seen = review.look(req.text, list(req.inline), memory, rng or random.Random(0), miss_rate)
        if req.schema is None:
            return seen
        hints = Hints()
        return SchemaFiller(req.schema, hints=hints, json_schema=req.json_schema).fill(
            req.schema, source=seen
        )
    request, hints = story_inputs(prompt)
    source = offline_story(request) if request is not None else None
    if req.schema is None:
        return source if source is not None else {"text": _first_words(req.text, 40)}
    filler = SchemaFiller(req.schema, hints=hints, json_schema=req.json_schema)
    return filler.fill(req.schema, source=_MISSING if source is None else source)


def drop_last_page(value: Any) -> Any:
    """Remove the last item of `pages` (or of the first non-empty top-level array)."""
    if isinstance(value, dict):
        keys = ["pages"] if isinstance(value.get("pages"), list) else []
        keys += [k for k, v in value.items() if isinstance(v, list) and k != "pages"]
        for k in keys:
            if value[k]:
                return {**value, k: value[k][:-1]}
    if isinstance(value, list) and value:
        return value[:-1]
    return value


class SchemaFiller:
    """Walks a Gemini `Schema` (OBJECT/ARRAY/STRING/INTEGER/NUMBER/BOOLEAN, `required`,
    `properties`, `propertyOrdering` or `property_ordering`, `enum`, `nullable`, `anyOf`,
    `minItems`/`maxItems`, `minimum`/`maximum`) or a JSON Schema (`$ref`/`$defs`, type lists)
    and produces a value. A `source` value (the offline story) is used wherever its shape
    fits; everything else is filled with plausible placeholders."""

    def __init__(self, root: dict[str, Any], *, hints: Hints, json_schema: bool) -> None:
        self.root = root
        self.hints = hints
        self.json_schema = json_schema
        self.defs = {**root.get("definitions", {}), **root.get("$defs", {})}

    def _resolve(self, schema: Any) -> dict[str, Any]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 32:
            ref = str(schema["$ref"])
            name = ref.rsplit("/", 1)[-1]
            schema = self.root if ref == "#" else self.defs.get(name, {})
            seen += 1
        return schema if isinstance(schema, dict) else {}

    @staticmethod
    def _type(schema: dict[str, Any]) -> str:
        t = schema.get("type")
        if isinstance(t, list):
            t = next((x for x in t if str(x).lower() != "null"), "null")
        if t:
            return str(t).lower()
        if "properties" in schema:
            return "object"
        if "items" in schema:
            return "array"
        if "enum" in schema:
            return "string"
        return "string"

    def fill(
        self, schema: Any, *, key: str = "", index: int | None = None, source: Any = _MISSING
    ) -> Any:
        schema = self._resolve(schema)
        for union in ("anyOf", "oneOf"):
            if schema.get(union):
                options = [self._resolve(o) for o in schema[union]]
                options = [o for o in options if self._type(o) != "null"] or options
                chosen = next(
                    (o for o in options if _fits(self._type(o), source)),
                    options[0],
                )
                return self.fill(chosen, key=key, index=index, source=source)
        if "const" in schema:
            return schema["const"]
        t = self._type(schema)
        if schema.get("enum"):
            return source if source in schema["enum"] else schema["enum"][0]
        if t == "object":
            return self._object(schema, source, index)
        if t == "array":
            return self._array(schema, key, source)
        if t == "null":
            return None
        if source is not _MISSING and _fits(t, source):
            return source
        if t == "integer":
            return self._integer(schema, key, index)
        if t == "number":
            return float(schema.get("minimum", 0.5))
        if t == "boolean":
            return True
        return self._string(schema, key, index)

    def _object(self, schema: dict[str, Any], source: Any, index: int | None) -> dict[str, Any]:
        props: dict[str, Any] = schema.get("properties") or {}
        order = schema.get("propertyOrdering") or schema.get("property_ordering") or []
        keys = [k for k in order if k in props] + [k for k in props if k not in order]
        src = source if isinstance(source, dict) else {}
        return {
            # an array item's fields see the item's index (page_number = index + 1)
            k: self.fill(props[k], key=k, index=index, source=src.get(k, _MISSING))
            for k in keys
            # an optional key the story has no value for is left out, as a model would
            if k in src
            or k in (schema.get("required") or [])
            or not _nullable(self._resolve(props[k]))
        }

    def _array(self, schema: dict[str, Any], key: str, source: Any) -> list[Any]:
        items = schema.get("items", {})
        if isinstance(source, list):
            return [self.fill(items, key=key, index=i, source=v) for i, v in enumerate(source)]
        lo = int(schema.get("minItems", 0) or 0)
        hi = schema.get("maxItems")
        n = self.hints.page_count if key == "pages" and self.hints.page_count else 2
        n = max(n, lo)
        if hi is not None:
            n = min(n, int(hi))
        return [self.fill(items, key=key, index=i) for i in range(n)]

    @staticmethod
    def _integer(schema: dict[str, Any], key: str, index: int | None) -> int:
        value = 1
        if index is not None and re.search(r"number|index|page|order|id", key):
            value = index + 1
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None:
            value = max(value, math.ceil(float(lo)))
        if hi is not None:
            value = min(value, math.floor(float(hi)))
        return value

    def _string(self, schema: dict[str, Any], key: str, index: int | None) -> str:
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2025-01-01T00:00:00Z"
        if fmt == "date":
            return "2025-01-01"
        k = key.lower()
        if "language" in k:
            value = (
                self.hints.secondary_language if "secondary" in k else (self.hints.primary_language)
            )
        elif k in ("child_name", "name"):
            value = self.hints.child_name
        elif "author" in k:
            value = "MoreTale"
        else:
            label = key.replace("_", " ").strip() or "text"
            value = f"Sample {label}" + (f" {index + 1}" if index is not None else "")
        lo = int(schema.get("minLength", 0) or 0)
        if len(value) < lo:
            value = value + "." * (lo - len(value))
        hi = schema.get("maxLength")
        return value[: int(hi)] if hi is not None else value


def _nullable(schema: dict[str, Any]) -> bool:
    if schema.get("nullable"):
        return True
    t = schema.get("type")
    if isinstance(t, list) and any(str(x).lower() == "null" for x in t):
        return True
    return any(
        isinstance(o, dict) and str(o.get("type", "")).lower() == "null"
        for o in schema.get("anyOf", []) or []
    )


def _fits(t: str, value: Any) -> bool:
    if value is _MISSING:
        return False
    return {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "null": value is None,
    }.get(t, False)


# --- speech ---------------------------------------------------------------------------------

_LANG_LINE = re.compile(r"^\s*(?:language|lang)\s*[:=]\s*(.+?)\s*$", re.IGNORECASE)
_VOICE_LINE = re.compile(r"^\s*voice\s*[:=]\s*.+$", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"^\s*(?:please\b|read\b|say\b|speak\b|narrate\b|recite\b|in an?\b|with an?\b)", re.IGNORECASE
)
# The documented form of a style direction: one clause that ends in a colon.
_DOCUMENTED = re.compile(r"^\s*(?:say|read|speak|narrate|tell|recite)\b[^.!?:\n]*:", re.IGNORECASE)
_PAGE_MARKER = re.compile(r"^\s*\[\s*page\s*(\d+)\s*\]\s*", re.IGNORECASE)
_TAGS = {"<": re.compile(r"<[^<>\n]{1,40}>"), "[": re.compile(r"\[[^\[\]\n]{1,40}\]")}
_LANGUAGE_NAMES = re.compile(
    r"\b(Korean|English|Japanese|Chinese|Mandarin|Spanish|Vietnamese|French|German)\b",
    re.IGNORECASE,
)
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}{HANGUL_JAMO}]")
_KANA = re.compile(f"[{KANA}]")
_HAN = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class SpeechScript:
    segments: tuple[str, ...]
    language_hint: str | None
    direction: str | None = None
    direction_documented: bool = True


def read_script(
    text: str, language_code: str | None = None, model: str | None = None
) -> SpeechScript:
    """Split a TTS prompt into the segments to read and a language hint (see module doc);
    `model` decides which inline tags are markup (none without it)."""
    hint: str | None = None
    if language_code:
        hint = _language_or_none(language_code.split("-")[0])
    lines: list[str] = []
    for line in text.splitlines():
        m = _LANG_LINE.match(line)
        if m:
            hint = _language_or_none(m[1]) or hint
            continue
        if _VOICE_LINE.match(line):
            continue
        lines.append(line)
    while lines and not lines[0].strip():
        lines.pop(0)
    direction, documented = None, True
    if lines and _INSTRUCTION.match(lines[0]) and not _PAGE_MARKER.match(lines[0]):
        first = lines[0]
        named = _LANGUAGE_NAMES.search(first.split(":", 1)[0])
        if named and hint is None:
            hint = _language_or_none("Chinese" if named[1].lower() == "mandarin" else named[1])
        # 3.8 TTS reads its text as a verbatim transcript: even the documented prefix of
        # older families may be read aloud (Google's TTS migration guide).
        verbatim = model is not None and speech_markup(model).style_in_metadata
        documented = bool(_DOCUMENTED.match(first)) and not verbatim
        if ":" in first:
            direction, lines[0] = first.split(":", 1)
        elif len(lines) > 1:
            direction = lines.pop(0)

    if any(_PAGE_MARKER.match(line) for line in lines):
        segments: list[list[str]] = []
        for line in lines:
            m = _PAGE_MARKER.match(line)
            if m:
                segments.append([line[m.end() :]])
            elif segments:
                segments[-1].append(line)
            elif line.strip():
                segments.append([line])  # text before the first marker is its own segment
        texts = [" ".join(seg) for seg in segments]
    else:
        texts = re.split(r"\n\s*\n", "\n".join(lines))
    if model is not None:
        tag = _TAGS[speech_markup(model).pause_tag[0]]
        texts = [tag.sub(" ", t) for t in texts]
    cleaned = tuple(s for s in (" ".join(t.split()) for t in texts) if s)
    direction = " ".join(direction.split()) if direction else None
    return SpeechScript(cleaned, hint, direction or None, documented)


def _language_or_none(value: str) -> str | None:
    try:
        return normalize_language(value)
    except ValueError:
        return None


def segment_language(text: str, hint: str | None) -> str:
    """Script decides where it can (a Korean hint cannot make espeak read English well)."""
    if _HANGUL.search(text):
        return "Korean"
    if _KANA.search(text):
        return "Japanese"
    if _HAN.search(text):
        return "Chinese"
    if hint in ("Korean", "Japanese", "Chinese", None):
        return "English"
    return hint


_speech = EspeakSpeech()


def _trim(pcm: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) >= SILENCE_LEVEL)
    if loud.size == 0:
        return pcm[:0]
    keep = int(EDGE_KEEP_S * SAMPLE_RATE)
    return pcm[max(0, loud[0] - keep) : min(pcm.size, loud[-1] + 1 + keep)]


def speak_realistically(
    req: GenRequest,
    realism: SpeechRealism,
    seed: int,
    *,
    page_pause_s: float = 0.8,
    run_together: bool = False,
) -> tuple[bytes, voice.ClipTruth]:
    """A clip as real TTS returns it, and where each passage is in it (see `voice`)."""
    script = read_script(req.text, req.language_code, req.model)
    if not script.segments:
        raise BadRequest("There is no text to synthesize in the request contents.")
    pieces = [("passage", text) for text in script.segments]
    if script.direction and not script.direction_documented and realism.spoken_direction:
        pieces.insert(0, ("direction", script.direction))
    shape = voice.Realism(
        noise_floor_dbfs=realism.noise_floor_dbfs,
        breath_dbfs=realism.breath_dbfs,
        breath_rate=realism.breath_rate,
        rate_syl_s=realism.rate_syl_s,
        rate_jitter=realism.rate_jitter,
        unreliable_pauses=realism.unreliable_pauses,
        page_pause_s=page_pause_s,
    )
    pcm, truth = voice.render(pieces, shape, np.random.default_rng(seed), run_together=run_together)
    if not truth.spans:
        raise BadRequest("The text to synthesize has nothing that can be spoken.")
    truth.style = req.style
    return pcm.astype("<i2").tobytes(), truth


def synthesize(req: GenRequest, *, pause_s: float) -> bytes:
    script = read_script(req.text, req.language_code, req.model)
    if not script.segments:
        raise BadRequest("There is no text to synthesize in the request contents.")
    gap = np.zeros(round(pause_s * SAMPLE_RATE), dtype=np.int16)
    pieces: list[np.ndarray] = []
    for segment in script.segments:
        lang = segment_language(segment, script.language_hint)
        try:
            wav = _speech.synthesize(segment, language=lang, voice=req.voice or "Achernar").wav
        except ProviderError:
            continue  # e.g. a segment of bare punctuation, which espeak reads as nothing
        pcm = _trim(decode_wav(wav)[0])
        if pcm.size == 0:
            continue
        if pieces:
            pieces.append(gap)
        pieces.append(pcm)
    if not pieces:
        raise BadRequest("The text to synthesize has nothing that can be spoken.")
    return np.concatenate(pieces).astype("<i2").tobytes()


# --- images ---------------------------------------------------------------------------------


def draw(req: GenRequest, fault: str | None = None) -> tuple[bytes, tuple[int, int], Any]:
    """The picture, its size, and what is in it (`review.PictureTruth`)."""
    prompt = f"{req.system}\n{req.text}".strip() or "a friendly picture book scene"
    size = IMAGE_SIZES.get(req.aspect_ratio) or size_for(req.aspect_ratio)
    seed = int.from_bytes(hashlib.sha256(prompt.encode("utf-8")).digest()[:4], "big")
    cover = bool(re.search(r"\bcover\b", prompt, re.IGNORECASE))
    scene = parse_scene(prompt)
    if fault == "other_character":
        scene = replace(scene, hero_look=_someone_else(scene.hero_look))
    img = render(scene, size, seed, cover=cover)
    lettering = ""
    if fault == "draws_text":
        lettering = _caption(req.text)
        _letter(img, lettering)
    hero = scene.hero
    look = scene.hero_look
    truth = review.PictureTruth(
        things=frozenset(drawn_things(scene)),
        hero=(hero.species if hero else None, look.hair, look.hair_style, look.skin),
        lettering=lettering,
    )
    return encode_png(img), (img.width, img.height), truth


def _someone_else(look: HeroLook) -> HeroLook:
    """Another child: every feature the prompt set (or left open) drawn differently."""

    def other(value: str | None, options: tuple[str, ...]) -> str:
        return next(o for o in options if o != value)

    return replace(
        look,
        hair=other(look.hair, ("red", "black", "golden")),
        hair_style=other(look.hair_style, ("bun", "curly", "short")),
        skin=other(look.skin, ("deep", "fair", "tan")),
    )


def _caption(prompt: str) -> str:
    """What a model might letter into the picture: a title-like line from the scene."""
    scene = prompt.strip().split("\n")[-1]
    words = re.findall(r"[A-Za-z]+", scene)[-5:] or ["Once", "upon", "a", "time"]
    return " ".join(words).upper()


def _letter(img: Image.Image, caption: str) -> None:
    """A caption band across the lower part, as image models draw signs and titles."""
    pen = ImageDraw.Draw(img)
    size = max(14, img.width // 36)
    font = ImageFont.load_default(size=size)
    x, y = img.width // 12, int(img.height * 0.72)
    for row in range(2):
        pen.text((x, y + row * int(size * 1.3)), caption, fill=(20, 20, 20), font=font)

"""The Gemini emulator, driven through the real google-genai SDK over HTTP on 127.0.0.1."""

from __future__ import annotations

import contextlib
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from google import genai
from google.genai import errors, types
from PIL import Image
from pydantic import BaseModel, ValidationError

from emulators.gemini.app import Emulator
from emulators.gemini.config import ENV_VAR, EmulatorConfig, ModelConfig
from emulators.gemini.server import running_emulator, start_emulator, start_emulator_process
from moretale_assets.lib.schemas import Story

# google-genai sends through httpx2 when it is installed, else httpx.
TIMEOUTS: tuple[type[Exception], ...] = (httpx.TimeoutException,)
with contextlib.suppress(ImportError):
    import httpx2

    TIMEOUTS += (httpx2.TimeoutException,)

STORY_MODEL = "gemini-3.8-flash"
TTS_MODEL = "gemini-3.8-flash-tts"
IMAGE_MODEL = "gemini-3.1-flash-image"
RATE = 24_000
# 2025-06-02 12:00:00 in Los Angeles (PDT, UTC-7): exactly 12 h before the daily reset.
NOON_PACIFIC = 1_748_890_800.0

STORY_PROMPT = """Write a bilingual picture book as JSON.
child_name: Mina
child_age: 5
primary_language: Korean
secondary_language: English
page_count: 6
theme: a windy day at the beach
"""


Handle = tuple[str, Emulator]  # (base_url, the emulator behind it)
IDEAL_SPEECH = EmulatorConfig(speech={"enabled": False})


class FakeClock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def client(base_url: str, **http: Any) -> genai.Client:
    # Keep the Client in a variable while calling: google-genai closes its HTTP client when
    # the Client object is garbage-collected, even mid-call (`client(...).models.x()` fails).
    return genai.Client(
        api_key="test-key", http_options=types.HttpOptions(base_url=base_url, **http)
    )


def story_config(schema: Any = Story) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        response_mime_type="application/json", response_schema=schema
    )


TTS_CONFIG = types.GenerateContentConfig(
    response_modalities=["AUDIO"],
    speech_config=types.SpeechConfig(
        voice_config=types.VoiceConfig(
            prebuilt_voice_config=types.PrebuiltVoiceConfig(voice_name="Achernar")
        )
    ),
)


def image_config(aspect: str, modalities: list[str] | None = None) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        response_modalities=modalities or ["TEXT", "IMAGE"],
        image_config=types.ImageConfig(aspect_ratio=aspect),
    )


def audio_of(resp: types.GenerateContentResponse) -> tuple[np.ndarray, str]:
    parts = resp.candidates[0].content.parts
    blob = parts[0].inline_data
    return np.frombuffer(blob.data, dtype="<i2"), blob.mime_type


def pauses(pcm: np.ndarray, min_s: float = 0.7, level: int = 200) -> list[float]:
    """Lengths of the runs of near-silence of at least `min_s` seconds."""
    quiet = np.concatenate([[False], np.abs(pcm.astype(np.int32)) < level, [False]])
    edges = np.diff(quiet.astype(np.int8))
    lengths = (np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)) / RATE
    return [float(n) for n in lengths if n >= min_s]


def retry_info(exc: errors.APIError) -> dict[str, Any]:
    details = exc.details["error"]["details"]
    return {d["@type"].rsplit(".", 1)[-1]: d for d in details}


def push(base_url: str, *orders: dict[str, Any]) -> None:
    r = httpx.post(f"{base_url}/_emulator/faults", json={"faults": list(orders)})
    r.raise_for_status()


@pytest.fixture(scope="module")
def shared() -> Iterator[Handle]:
    with running_emulator(EmulatorConfig()) as handle:
        yield handle


@pytest.fixture
def emu(shared: Handle) -> Iterator[Handle]:
    # Each test starts from the default config and empty counters, whatever the last one did.
    shared[1].set_config(EmulatorConfig())
    shared[1].reset()
    yield shared


# --- structured output ----------------------------------------------------------------------


def test_story_from_prompt_convention_parses_as_story(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    story = resp.parsed
    assert isinstance(story, Story)
    Story.model_validate(story.model_dump(), context={"page_count": 6})
    assert (story.primary_language, story.secondary_language) == ("Korean", "English")
    assert re.search(r"[\uac00-\ud7a3]", story.pages[0].text_primary)  # Korean text first
    assert "Mina" in story.pages[0].text_secondary + story.title_secondary
    assert resp.candidates[0].finish_reason == types.FinishReason.STOP
    assert resp.model_version == STORY_MODEL
    assert resp.usage_metadata.prompt_token_count > 0
    assert resp.usage_metadata.total_token_count > resp.usage_metadata.prompt_token_count


def test_story_schema_without_convention_gets_valid_filler(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents="A story please.\npage_count: 5", config=story_config()
    )
    assert isinstance(resp.parsed, Story)
    assert [p.page_number for p in resp.parsed.pages] == [1, 2, 3, 4, 5]


class Question(BaseModel):
    number: int
    prompt: str
    answer_is_yes: bool
    difficulty: float


class Quiz(BaseModel):
    topic: str
    questions: list[Question]
    tags: list[str] | None = None


def test_any_pydantic_schema_is_filled(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents="Make a quiz about rabbits.", config=story_config(Quiz)
    )
    assert isinstance(resp.parsed, Quiz)
    assert [q.number for q in resp.parsed.questions] == list(
        range(1, len(resp.parsed.questions) + 1)
    )


def test_response_json_schema_is_filled(emu: Handle) -> None:
    base_url, _ = emu
    config = types.GenerateContentConfig(
        response_mime_type="application/json", response_json_schema=Story.model_json_schema()
    )
    c = client(base_url)
    resp = c.models.generate_content(model=STORY_MODEL, contents=STORY_PROMPT, config=config)
    story = Story.model_validate_json(resp.text, context={"page_count": 6})
    assert story.primary_language == "Korean"


# --- speech ---------------------------------------------------------------------------------


def test_tts_returns_audible_24khz_pcm(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=TTS_MODEL,
        contents="Read in natural Korean, warmly:\n민준이는 작은 토끼와 함께 숲으로 갔어요.",
        config=TTS_CONFIG,
    )
    pcm, mime = audio_of(resp)
    assert mime == "audio/L16;codec=pcm;rate=24000"
    assert pcm.size / RATE > 1.0
    assert int(np.abs(pcm.astype(np.int32)).max()) > 5000
    assert resp.usage_metadata.candidates_tokens_details[0].modality == types.MediaModality.AUDIO


@pytest.mark.parametrize(
    "text",
    [
        "Read aloud, one page at a time:\n[PAGE 1] Mina found a red kite.\n"
        "[PAGE 2] 바람이 불었어요. 연이 날았어요.\n[PAGE 3] The kite flew over the sea.",
        "Mina found a red kite.\n\n바람이 불었어요. 연이 날았어요.\n\nThe kite flew over the sea.",
    ],
    ids=["page-markers", "blank-lines"],
)
def test_tts_segments_are_separated_by_pauses(emu: Handle, text: str) -> None:
    base_url, emulator = emu
    emulator.set_config(IDEAL_SPEECH)  # digital silence between passages: the ideal knob
    c = client(base_url)
    resp = c.models.generate_content(model=TTS_MODEL, contents=text, config=TTS_CONFIG)
    pcm, _ = audio_of(resp)
    gaps = pauses(pcm)
    assert len(gaps) == 2, gaps
    assert all(0.75 <= g <= 1.0 for g in gaps), gaps


def test_tts_split_unverifiable_fault_leaves_no_pauses(emu: Handle) -> None:
    base_url, emulator = emu
    emulator.set_config(IDEAL_SPEECH)
    push(base_url, {"model": TTS_MODEL, "fault": "split_unverifiable"})
    text = "[PAGE 1] Mina found a red kite.\n[PAGE 2] The kite flew over the sea."
    c = client(base_url)
    resp = c.models.generate_content(model=TTS_MODEL, contents=text, config=TTS_CONFIG)
    assert pauses(audio_of(resp)[0]) == []


def test_tts_streams_in_several_inline_chunks(emu: Handle) -> None:
    base_url, emulator = emu
    emulator.set_config(IDEAL_SPEECH)  # realistic clips differ per request by design
    c = client(base_url)
    text = "Mina found a red kite on the sand.\n\nThe wind lifted it high over the blue sea."
    whole = audio_of(c.models.generate_content(model=TTS_MODEL, contents=text, config=TTS_CONFIG))
    chunks = list(
        c.models.generate_content_stream(model=TTS_MODEL, contents=text, config=TTS_CONFIG)
    )
    sizes = [len(ch.candidates[0].content.parts[0].inline_data.data) for ch in chunks]
    assert len(sizes) >= 3 and set(sizes[:-1]) == {RATE * 2}  # 1 s of s16le per chunk
    joined = np.frombuffer(
        b"".join(ch.candidates[0].content.parts[0].inline_data.data for ch in chunks), "<i2"
    )
    # espeak-ng keeps a little state between utterances, so compare lengths, not bytes: two
    # syntheses of one text differ by ~10 ms (241 samples seen in CI), while a chunk lost or
    # sent twice would be a whole second.
    assert abs(joined.size - whole[0].size) < 0.05 * RATE
    assert len(pauses(joined)) == 1
    assert chunks[-1].candidates[0].finish_reason == types.FinishReason.STOP


def test_structured_story_streams_as_json_text(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    chunks = list(
        c.models.generate_content_stream(
            model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
        )
    )
    assert len(chunks) > 1
    text = "".join(ch.text or "" for ch in chunks)
    assert len(Story.model_validate_json(text).pages) == 6


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aspect", "ratio"), [("1:1", 1.0), ("16:9", 16 / 9), ("9:16", 9 / 16), ("5:4", 1.25)]
)
def test_image_is_png_of_requested_aspect(emu: Handle, aspect: str, ratio: float) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=IMAGE_MODEL,
        contents="A girl with a red kite on a sunny beach, a little dog beside her",
        config=image_config(aspect),
    )
    parts = resp.candidates[0].content.parts
    images = [p.inline_data for p in parts if p.inline_data is not None]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    img = Image.open(io.BytesIO(images[0].data))
    assert img.format == "PNG"
    assert abs(img.width / img.height - ratio) / ratio < 0.03
    assert max(img.size) >= 1024
    assert any(p.text for p in parts)  # TEXT was requested too


def test_image_only_modality_has_no_text_part(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    resp = c.models.generate_content(
        model=IMAGE_MODEL, contents="a cat under the moon", config=image_config("1:1", ["IMAGE"])
    )
    parts = resp.candidates[0].content.parts
    assert [p.inline_data is not None for p in parts] == [True]


def test_unsupported_aspect_ratio_is_400(emu: Handle) -> None:
    base_url, _ = emu
    with pytest.raises(errors.ClientError) as info:
        c = client(base_url)
        c.models.generate_content(model=IMAGE_MODEL, contents="a cat", config=image_config("7:3"))
    assert info.value.code == 400 and info.value.status == "INVALID_ARGUMENT"


# --- quotas ---------------------------------------------------------------------------------


def test_rpm_quota_gives_googles_429_body() -> None:
    cfg = EmulatorConfig(models={STORY_MODEL: ModelConfig(rpm=3)})
    with running_emulator(cfg) as (base_url, _):
        c = client(base_url)
        for _ in range(3):
            c.models.generate_content(model=STORY_MODEL, contents="hi")
        with pytest.raises(errors.ClientError) as info:
            c.models.generate_content(model=STORY_MODEL, contents="hi")
        # another model has its own quota
        c.models.generate_content(model="gemini-3.5-flash", contents="hi")
    exc = info.value
    assert (exc.code, exc.status) == (429, "RESOURCE_EXHAUSTED")
    d = retry_info(exc)
    violation = d["QuotaFailure"]["violations"][0]
    assert violation["quotaId"] == "GenerateRequestsPerMinutePerProjectPerModel"
    assert violation["quotaDimensions"] == {"model": STORY_MODEL, "location": "global"}
    assert violation["quotaValue"] == "3"
    assert d["Help"]["links"][0]["url"].startswith("https://ai.google.dev/")
    delay = d["RetryInfo"]["retryDelay"]
    assert re.fullmatch(r"\d+s", delay) and 55 <= int(delay[:-1]) <= 60
    assert "retry-after" not in exc.response.headers  # real Gemini sends no Retry-After


def test_sliding_window_frees_and_retry_delay_counts_down() -> None:
    clock = FakeClock(NOON_PACIFIC)
    cfg = EmulatorConfig(models={STORY_MODEL: ModelConfig(rpm=2)}, send_retry_after=True)
    with running_emulator(cfg, clock=clock) as (base_url, _):
        c = client(base_url)
        c.models.generate_content(model=STORY_MODEL, contents="one")
        clock.t += 20
        c.models.generate_content(model=STORY_MODEL, contents="two")
        clock.t += 14
        with pytest.raises(errors.ClientError) as first:
            c.models.generate_content(model=STORY_MODEL, contents="three")
        assert retry_info(first.value)["RetryInfo"]["retryDelay"] == "26s"
        assert first.value.response.headers["retry-after"] == "26"
        clock.t += 26  # the first request leaves the 60 s window
        c.models.generate_content(model=STORY_MODEL, contents="three again")
        with pytest.raises(errors.ClientError) as second:
            c.models.generate_content(model=STORY_MODEL, contents="four")
        assert retry_info(second.value)["RetryInfo"]["retryDelay"] == "20s"


def test_fixed_minute_window_resets_on_the_minute() -> None:
    clock = FakeClock(NOON_PACIFIC + 15)
    cfg = EmulatorConfig(minute_window="fixed", models={STORY_MODEL: ModelConfig(rpm=1)})
    with running_emulator(cfg, clock=clock) as (base_url, _):
        c = client(base_url)
        c.models.generate_content(model=STORY_MODEL, contents="one")
        with pytest.raises(errors.ClientError) as info:
            c.models.generate_content(model=STORY_MODEL, contents="two")
        assert retry_info(info.value)["RetryInfo"]["retryDelay"] == "45s"
        clock.t += 45
        c.models.generate_content(model=STORY_MODEL, contents="two again")


def test_rpd_quota_waits_until_pacific_midnight() -> None:
    clock = FakeClock(NOON_PACIFIC)
    cfg = EmulatorConfig(models={TTS_MODEL: ModelConfig(rpd=2)}, free_tier=True)
    with running_emulator(cfg, clock=clock) as (base_url, _):
        c = client(base_url)
        for _ in range(2):
            c.models.generate_content(model=TTS_MODEL, contents="Hello.", config=TTS_CONFIG)
        with pytest.raises(errors.ClientError) as info:
            c.models.generate_content(model=TTS_MODEL, contents="Hello.", config=TTS_CONFIG)
        d = retry_info(info.value)
        assert d["QuotaFailure"]["violations"][0]["quotaId"] == (
            "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
        )
        assert d["RetryInfo"]["retryDelay"] == "43200s"
        clock.t += 43_200  # midnight in Los Angeles
        c.models.generate_content(model=TTS_MODEL, contents="Hello.", config=TTS_CONFIG)


# --- faults ---------------------------------------------------------------------------------


def test_forced_503_and_500_are_server_errors_then_recover(emu: Handle) -> None:
    base_url, _ = emu
    push(base_url, {"model": STORY_MODEL, "fault": "http_503"}, {"model": "*", "fault": "http_500"})
    c = client(base_url)
    with pytest.raises(errors.ServerError) as overloaded:
        c.models.generate_content(model=STORY_MODEL, contents="hi")
    assert (overloaded.value.code, overloaded.value.status) == (503, "UNAVAILABLE")
    assert overloaded.value.message == "The model is overloaded. Please try again later."
    with pytest.raises(errors.ServerError) as internal:
        c.models.generate_content(model=STORY_MODEL, contents="hi")
    assert (internal.value.code, internal.value.status) == (500, "INTERNAL")
    assert c.models.generate_content(model=STORY_MODEL, contents="hi").text


def test_sdk_retry_options_ride_out_forced_503s(emu: Handle) -> None:
    base_url, _ = emu
    push(base_url, {"model": STORY_MODEL, "fault": "http_503", "count": 2})
    retry = types.HttpRetryOptions(attempts=3, initial_delay=0.05, max_delay=0.1, jitter=0)
    c = client(base_url, retry_options=retry)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    assert isinstance(resp.parsed, Story)
    stats = httpx.get(f"{base_url}/_emulator/stats").json()
    assert stats["models"][STORY_MODEL]["by_status"] == {"503": 2, "200": 1}


def test_fenced_and_truncated_json_leave_parsed_none(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    push(base_url, {"model": STORY_MODEL, "fault": "fenced_json"})
    fenced = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    assert fenced.parsed is None
    assert fenced.text.startswith("```json\n") and fenced.text.endswith("\n```")
    Story.model_validate_json(fenced.text[8:-4])  # the JSON inside the fence is fine

    push(base_url, {"model": STORY_MODEL, "fault": "truncated_json"})
    cut = c.models.generate_content(model=STORY_MODEL, contents=STORY_PROMPT, config=story_config())
    assert cut.parsed is None
    assert cut.candidates[0].finish_reason == types.FinishReason.MAX_TOKENS
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.text)


def test_short_pages_drops_the_last_page(emu: Handle) -> None:
    base_url, _ = emu
    push(base_url, {"model": STORY_MODEL, "fault": "short_pages"})
    c = client(base_url)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    assert isinstance(resp.parsed, Story) and len(resp.parsed.pages) == 5
    with pytest.raises(ValidationError, match="expected exactly 6 pages"):
        Story.model_validate(resp.parsed.model_dump(), context={"page_count": 6})


def test_safety_blocks_have_no_content(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    push(base_url, {"model": STORY_MODEL, "fault": "safety_block"})
    text = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    assert text.candidates[0].finish_reason == types.FinishReason.SAFETY
    assert text.candidates[0].content is None and text.text is None and text.parsed is None

    push(base_url, {"model": IMAGE_MODEL, "fault": "safety_block"})
    image = c.models.generate_content(
        model=IMAGE_MODEL, contents="a cat", config=image_config("1:1")
    )
    assert image.candidates[0].finish_reason == types.FinishReason.IMAGE_SAFETY
    assert image.candidates[0].content is None


def test_timeout_fault_hangs_then_fails(emu: Handle) -> None:
    base_url, emulator = emu
    emulator.set_config(EmulatorConfig(timeout_fault_s=0.6))
    push(base_url, {"model": STORY_MODEL, "fault": "timeout", "count": 2})
    with pytest.raises(TIMEOUTS):
        c = client(base_url, timeout=200)
        c.models.generate_content(model=STORY_MODEL, contents="hi")
    start = time.monotonic()
    with pytest.raises(errors.ServerError) as info:
        c = client(base_url)
        c.models.generate_content(model=STORY_MODEL, contents="hi")
    assert time.monotonic() - start >= 0.6
    assert (info.value.code, info.value.status) == (504, "DEADLINE_EXCEEDED")
    emulator.set_config(EmulatorConfig())


def test_inapplicable_forced_fault_waits_for_a_matching_request(emu: Handle) -> None:
    base_url, _ = emu
    push(base_url, {"model": "*", "fault": "split_unverifiable"})
    c = client(base_url)
    c.models.generate_content(model=STORY_MODEL, contents="hi")
    stats = httpx.get(f"{base_url}/_emulator/stats").json()
    assert stats["pending_faults"] == [{"model": "*", "fault": "split_unverifiable", "count": 1}]


def test_forced_quota_day_fault(emu: Handle) -> None:
    base_url, _ = emu
    push(base_url, {"model": TTS_MODEL, "fault": "quota_day"})
    with pytest.raises(errors.ClientError) as info:
        c = client(base_url)
        c.models.generate_content(model=TTS_MODEL, contents="Hi.", config=TTS_CONFIG)
    d = retry_info(info.value)
    assert d["QuotaFailure"]["violations"][0]["quotaId"].startswith("GenerateRequestsPerDay")
    assert 0 < int(d["RetryInfo"]["retryDelay"][:-1]) <= 25 * 3600


def test_random_faults_are_reproducible_for_a_seed() -> None:
    cfg = EmulatorConfig(seed=11, models={STORY_MODEL: ModelConfig(faults={"http_503": 0.5})})

    def outcomes(base_url: str) -> list[int]:
        c = client(base_url)
        seen: list[int] = []
        for _ in range(16):
            try:
                c.models.generate_content(model=STORY_MODEL, contents="hi")
                seen.append(200)
            except errors.ServerError as exc:
                seen.append(exc.code)
        return seen

    with running_emulator(cfg) as (base_url, _):
        first = outcomes(base_url)
        httpx.post(f"{base_url}/_emulator/reset").raise_for_status()
        second = outcomes(base_url)
    assert first == second
    assert 3 <= first.count(503) <= 13


# --- protocol, stats, config ----------------------------------------------------------------


@pytest.mark.parametrize("api_version", ["v1", "v1beta"])
def test_both_api_versions(emu: Handle, api_version: str) -> None:
    base_url, _ = emu
    c = client(base_url, api_version=api_version)
    resp = c.models.generate_content(
        model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
    )
    assert isinstance(resp.parsed, Story)
    log = httpx.get(f"{base_url}/_emulator/stats").json()["models"][STORY_MODEL]["log"]
    assert [e["api_version"] for e in log] == [api_version]


def test_missing_and_wrong_api_keys_are_refused(emu: Handle) -> None:
    base_url, emulator = emu
    r = httpx.post(
        f"{base_url}/v1beta/models/{STORY_MODEL}:generateContent",
        json={"contents": [{"parts": [{"text": "hi"}]}]},
    )
    assert r.status_code == 403
    assert r.json()["error"]["status"] == "PERMISSION_DENIED"
    emulator.set_config(EmulatorConfig(api_keys=["good-key"]))
    try:
        with pytest.raises(errors.ClientError) as info:
            c = client(base_url)
            c.models.generate_content(model=STORY_MODEL, contents="hi")
        assert (info.value.code, info.value.status) == (400, "INVALID_ARGUMENT")
        assert retry_info(info.value)["ErrorInfo"]["reason"] == "API_KEY_INVALID"
    finally:
        emulator.set_config(EmulatorConfig())


def test_unknown_model_is_404_when_models_are_listed(emu: Handle) -> None:
    base_url, emulator = emu
    emulator.set_config(EmulatorConfig(known_models=[STORY_MODEL]))
    try:
        with pytest.raises(errors.ClientError) as info:
            c = client(base_url)
            c.models.generate_content(model="gemini-9-ultra", contents="hi")
        assert info.value.code == 404
    finally:
        emulator.set_config(EmulatorConfig())


def test_stats_count_requests_per_model_and_status(emu: Handle) -> None:
    base_url, _ = emu
    c = client(base_url)
    push(base_url, {"model": STORY_MODEL, "fault": "http_503"})
    with pytest.raises(errors.ServerError):
        c.models.generate_content(model=STORY_MODEL, contents="hi")
    c.models.generate_content(model=STORY_MODEL, contents="hi")
    c.models.generate_content(model=TTS_MODEL, contents="Hello.", config=TTS_CONFIG)
    stats = httpx.get(f"{base_url}/_emulator/stats").json()
    assert stats["total_requests"] == 3 and stats["total_429"] == 0
    assert stats["by_status"] == {"503": 1, "200": 2}
    story = stats["models"][STORY_MODEL]
    assert story["requests"] == 2 and story["faults"] == {"http_503": 1}
    assert len(story["timestamps"]) == 2 and story["timestamps"] == sorted(story["timestamps"])
    assert stats["models"][TTS_MODEL]["log"][0]["kind"] == "audio"
    httpx.post(f"{base_url}/_emulator/reset").raise_for_status()
    assert httpx.get(f"{base_url}/_emulator/stats").json()["total_requests"] == 0


def test_latency_is_per_model_and_changeable_live(emu: Handle) -> None:
    base_url, _ = emu
    cfg = EmulatorConfig(models={STORY_MODEL: ModelConfig(latency_ms=400)})
    httpx.put(f"{base_url}/_emulator/config", json=cfg.model_dump(mode="json")).raise_for_status()
    c = client(base_url)
    try:
        start = time.monotonic()
        c.models.generate_content(model=STORY_MODEL, contents="slow")
        slow = time.monotonic() - start
        start = time.monotonic()
        c.models.generate_content(model="gemini-3.5-flash", contents="fast")
        fast = time.monotonic() - start
    finally:
        httpx.put(f"{base_url}/_emulator/config", json={}).raise_for_status()
    assert slow >= 0.4
    assert fast < 0.3


def test_config_overlays_and_loads_from_env_and_file(tmp_path: Path) -> None:
    raw = {
        "seed": 3,
        "default": {"latency_ms": 50, "rpm": 100},
        "models": {"*-tts": {"rpm": 10}, TTS_MODEL: {"faults": {"http_503": 0.1}}},
    }
    path = tmp_path / "emulator.json"
    path.write_text(json.dumps(raw))
    for cfg in (
        EmulatorConfig.load(path),
        EmulatorConfig.from_env({ENV_VAR: str(path)}),
        EmulatorConfig.from_env({ENV_VAR: f"@{path}"}),
        EmulatorConfig.from_env({ENV_VAR: json.dumps(raw)}),
    ):
        tts = cfg.for_model(TTS_MODEL)
        assert (tts.latency_ms, tts.rpm, tts.faults) == (50, 10, {"http_503": 0.1})
        assert cfg.for_model(STORY_MODEL).rpm == 100
    with pytest.raises(ValidationError):
        EmulatorConfig.model_validate({"default": {"faults": {"http_503": 0.7, "http_500": 0.6}}})
    with pytest.raises(ValidationError):
        EmulatorConfig.model_validate({"default": {"faults": {"no_such_fault": 0.1}}})


def test_start_emulator_thread_helper_stops_cleanly() -> None:
    base_url, stop = start_emulator(EmulatorConfig())
    c = client(base_url)
    assert c.models.generate_content(model=STORY_MODEL, contents="hi").text
    stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/_emulator/health", timeout=1.0)


def test_module_entry_point_serves_in_a_subprocess() -> None:
    base_url, stop = start_emulator_process(EmulatorConfig(seed=5))
    try:
        c = client(base_url)
        resp = c.models.generate_content(
            model=STORY_MODEL, contents=STORY_PROMPT, config=story_config()
        )
        assert isinstance(resp.parsed, Story)
        assert httpx.get(f"{base_url}/_emulator/config").json()["seed"] == 5
    finally:
        stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/_emulator/health", timeout=1.0)

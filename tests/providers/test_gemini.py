"""The Gemini providers through the real google-genai SDK against the local emulator."""

import multiprocessing
import time

import httpx
import numpy as np
import pytest

from emulators.gemini import EmulatorConfig
from emulators.gemini.server import running_emulator
from moretale_assets.lib import audio
from moretale_assets.lib.images.checks import is_valid_png
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig
from moretale_assets.lib.providers.gemini.errors import DailyQuotaExhausted, ModelNotFound
from moretale_assets.lib.providers.gemini.illustrator import GeminiIllustrator
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.providers.gemini.story import GeminiStoryWriter
from moretale_assets.lib.quota import Pacer

STORY, TTS, IMAGE = "gemini-3.8-flash", "gemini-3.8-flash-tts", "gemini-3.1-flash-image"


@pytest.fixture
def emulator():
    with running_emulator(EmulatorConfig(seed=1)) as (base_url, _emu):
        yield base_url


@pytest.fixture
def caller(emulator, tmp_path):
    cfg = GeminiConfig(
        api_key="test-key",
        base_url=emulator,
        pacing_path=str(tmp_path / "p.db"),
        backoff_initial_s=0.05,
        backoff_max_s=0.2,
    )
    return GeminiCaller(cfg)


def force(base_url: str, model: str, fault: str, count: int = 1) -> None:
    r = httpx.post(
        f"{base_url}/_emulator/faults",
        json={"faults": [{"model": model, "fault": fault, "count": count}]},
    )
    r.raise_for_status()


def requests(base_url: str, model: str) -> int:
    stats = httpx.get(f"{base_url}/_emulator/stats").json()
    return stats["models"].get(model, {}).get("requests", 0)


def test_story_happy_path(caller, emulator, make_request):
    writer = GeminiStoryWriter(caller)
    story = writer.write(make_request(page_count=8))
    assert len(story.pages) == 8 and story.primary_language == "Korean"
    assert story.pages[0].illustration_prompt.startswith(story.illustration_prefix)
    assert story.cover_illustration_prompt and story.pages[0].vocabulary is not None
    assert requests(emulator, STORY) == 1 and writer.last_attempts == 1


@pytest.mark.parametrize(
    ("fault", "expected_requests"), [("short_pages", 2), ("truncated_json", 2), ("fenced_json", 1)]
)
def test_invalid_story_then_valid(caller, emulator, make_request, fault, expected_requests):
    force(emulator, STORY, fault)
    story = GeminiStoryWriter(caller).write(make_request(page_count=6))
    assert len(story.pages) == 6
    # Fenced JSON is salvaged locally; a short or cut-off reply is sent back with its errors.
    assert requests(emulator, STORY) == expected_requests


def test_safety_block_fails_clearly_after_bounded_attempts(caller, emulator, make_request):
    force(emulator, STORY, "safety_block", count=3)
    with pytest.raises(ProviderError) as err:
        GeminiStoryWriter(caller, attempts=3).write(make_request())
    assert err.value.code == "SAFETY_BLOCKED" and not err.value.retryable
    assert requests(emulator, STORY) == 3


def test_429_suggested_delay_is_honoured(emulator, tmp_path):
    with running_emulator(EmulatorConfig(fault_retry_delay_s=2)) as (base_url, _):
        caller = GeminiCaller(
            GeminiConfig(api_key="k", base_url=base_url, pacing_path=str(tmp_path / "p.db"))
        )
        force(base_url, TTS, "quota_minute")
        started = time.monotonic()
        speech = GeminiSpeech(caller).synthesize("Hello there.", language="English", voice="A")
        elapsed = time.monotonic() - started
        assert speech.duration_s > 0.3
        assert 2.0 <= elapsed < 4.0, elapsed  # RetryInfo said 2s: waited that, not backoff
        assert requests(base_url, TTS) == 2


def test_daily_quota_stops_calls_to_that_model(caller, emulator):
    force(emulator, TTS, "quota_day")
    with pytest.raises(DailyQuotaExhausted) as err:
        GeminiSpeech(caller).synthesize("Hello.", language="English", voice="A")
    assert err.value.code == "DAILY_QUOTA_EXHAUSTED" and not err.value.retryable
    assert requests(emulator, TTS) == 1
    with pytest.raises(DailyQuotaExhausted):  # refused here, without another request
        GeminiSpeech(caller).synthesize("Hello again.", language="English", voice="A")
    assert requests(emulator, TTS) == 1
    # Other models are unaffected.
    assert GeminiIllustrator(caller).draw("a cat", kind="page", aspect_ratio="1:1", seed=1).png


def test_server_errors_are_retried_and_client_errors_are_not(caller, emulator):
    force(emulator, TTS, "http_503", count=2)
    assert GeminiSpeech(caller).synthesize("One.", language="English", voice="A").wav
    assert requests(emulator, TTS) == 3
    with running_emulator(EmulatorConfig(api_keys=["the-real-key"])) as (base_url, _emu):
        bad = GeminiCaller(
            GeminiConfig(
                api_key="a-wrong-key", base_url=base_url, pacing_path=caller.config.pacing_path
            )
        )
        with pytest.raises(ProviderError) as err:
            GeminiSpeech(bad).synthesize("One.", language="English", voice="A")
        assert not err.value.retryable and err.value.code == "HTTP_400"
        assert requests(base_url, TTS) == 1


def test_batched_speech_splits_pages_and_redoes_a_bad_split(caller, emulator):
    """Eight pages in one request on the realistic emulator (its default), then a reply with
    no pauses at all: nothing verifies, so the chunk is halved instead of redone page by page.
    Splitting against ground truth across the realism range is in test_gemini_speech.py."""
    texts = [
        "민준이는 작은 토끼와 함께 숲으로 갔어요.",
        "토끼가 말했어요. 우리 저기 가 볼까?",
        "둘은 강가에 앉아서 물고기를 보았어요. 해가 지고 있었어요.",
        "집에 가요.",
        "엄마가 따뜻한 우유를 주었어요.",
        "민준이는 토끼를 꼭 안고 잠이 들었어요.",
        "창밖에는 별이 반짝반짝 빛났어요.",
        "안녕, 오늘 하루.",
    ]
    speech = GeminiSpeech(caller)
    parts = speech.synthesize_many(texts, language="Korean", voice="Achernar")
    assert all(p is not None for p in parts) and len(parts) == 8
    for p in parts:
        pcm, rate = audio.decode_wav(p.wav)
        assert rate == 24_000 and int(np.abs(pcm.astype(np.int32)).max()) > 5000
    first = requests(emulator, TTS)
    force(emulator, TTS, "split_unverifiable")
    again = speech.synthesize_many(texts, language="Korean", voice="Achernar")
    assert all(p is not None for p in again)
    sizes = [len(r.texts) for r in list(speech.splits)[-(requests(emulator, TTS) - first) :]]
    assert sizes[:3] == [8, 4, 4] and not any(list(speech.splits)[-len(sizes)].trusted)
    assert requests(emulator, TTS) - first < 8  # never one request per page


def test_illustration_with_reference_and_aspect(caller, emulator):
    artist = GeminiIllustrator(caller)
    cover = artist.draw("a child and a fox, cover", kind="cover", aspect_ratio="5:4", seed=1)
    page = artist.draw(
        "the child in a forest", kind="page", aspect_ratio="1:1", seed=2, reference_png=cover.png
    )
    assert is_valid_png(cover.png) and is_valid_png(page.png)
    assert cover.width > cover.height and page.width == page.height
    assert page.extra["reference"] == "cover"


def image_log(base_url: str) -> list[dict]:
    return httpx.get(f"{base_url}/_emulator/stats").json()["models"][IMAGE]["log"]


def test_image_safety_block_is_retried_reworded_with_the_reference(caller, emulator):
    artist = GeminiIllustrator(caller)
    cover = artist.draw("a child and a fox, cover", kind="cover", aspect_ratio="5:4", seed=1)
    force(emulator, IMAGE, "safety_block")
    page = artist.draw(
        "The fox and the child fight a scary monster in the dark forest.",
        kind="page",
        aspect_ratio="1:1",
        seed=3,
        reference_png=cover.png,
    )
    assert is_valid_png(page.png)
    assert page.extra["rewording"] == "gentle" and page.extra["safety_blocks"] == "1"
    sent = page.extra["sent_prompt"]
    assert "friendly creature" in sent and "monster" not in sent and "fight" not in sent
    log = image_log(emulator)[1:]  # after the cover
    assert [e["fault"] for e in log] == ["safety_block", None]
    assert [e["input_images"] for e in log] == [1, 1]  # the reference went with the rewording
    # Blocked every time: bounded (original + 2 rewordings), then the reason, not retryable.
    force(emulator, IMAGE, "safety_block", count=3)
    with pytest.raises(ProviderError) as err:
        artist.draw("x", kind="page", aspect_ratio="1:1", seed=3, reference_png=cover.png)
    assert err.value.code == "SAFETY_BLOCKED" and not err.value.retryable
    assert "3 times" in str(err.value) and "IMAGE_SAFETY" in str(err.value)
    assert len(image_log(emulator)) == 1 + 2 + 3


def test_seeded_per_prompt_safety_is_healed_by_rewording(tmp_path):
    """The emulator blocks risky prompts on some tries, not all (seeded); every page ends
    drawn, some after a rewording, and the rewording is reported."""
    cfg = EmulatorConfig(
        seed=5,
        models={IMAGE: {"safety_prompts": 0.3, "safety_words": ["monster"], "safety_repeat": 0.6}},
    )
    with running_emulator(cfg) as (base_url, _):
        caller = GeminiCaller(
            GeminiConfig(api_key="k", base_url=base_url, pacing_path=str(tmp_path / "p.db"))
        )
        artist = GeminiIllustrator(caller)
        prompts = [f"page {i}: the child meets a monster by the river" for i in range(12)]
        pictures = [
            artist.draw(p, kind="page", aspect_ratio="1:1", seed=i) for i, p in enumerate(prompts)
        ]
        faults = [e["fault"] for e in image_log(base_url)]
    reworded = [p.extra["rewording"] for p in pictures if p.extra["rewording"]]
    assert all(is_valid_png(p.png) for p in pictures)
    # Some first tries were blocked, some passed: the verdict is not fixed per prompt.
    assert 0 < faults.count("safety_block") < 12, faults
    assert len(reworded) == faults.count("safety_block")
    assert set(reworded) <= {"gentle", "plain"}


def _burst(path: str, n: int, out: "multiprocessing.Queue[list[float]]") -> None:
    pacer = Pacer(path, {"m": 6}, window_s=2.0)
    times = []
    for _ in range(n):
        pacer.acquire("m")
        times.append(time.time())
    out.put(times)


def test_pacing_holds_across_eight_processes(tmp_path):
    """8 processes × 3 requests against a 6-per-2-s quota: never more than 6 in any window."""
    path = str(tmp_path / "pace.db")
    Pacer(path, {})  # create the schema once
    out: multiprocessing.Queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_burst, args=(path, 3, out)) for _ in range(8)]
    started = time.time()
    for p in procs:
        p.start()
    stamps = sorted(t for _ in procs for t in out.get(timeout=60))
    for p in procs:
        p.join(10)
    assert len(stamps) == 24
    reserved = Pacer(path, {}).reservations("m")  # the moments each request was let through
    assert len(reserved) == 24
    for i, t in enumerate(reserved):
        in_window = sum(1 for u in reserved[i:] if u < t + 2.0)
        assert in_window <= 6, (i, in_window)
    # 24 requests at 6 per 2 s need at least three full windows: pacing waited, not skipped.
    assert stamps[-1] - started >= 6.0


def test_story_safety_block_is_retried_with_a_gentler_request(caller, emulator, make_request):
    force(emulator, STORY, "safety_block")
    writer = GeminiStoryWriter(caller)
    story = writer.write(make_request(page_count=6, theme="a monster under the bed"))
    assert len(story.pages) == 6 and requests(emulator, STORY) == 2
    assert writer.last_rewording == "gentle"
    assert writer.last_prompt.startswith("This is a gentle bedtime picture book")


# --- daily quota: blocked until the provider says otherwise --------------------------------


def quota_caller(base_url: str, tmp_path, probe_s: float = 0.6) -> GeminiCaller:
    return GeminiCaller(
        GeminiConfig(
            api_key="k",
            base_url=base_url,
            pacing_path=str(tmp_path / "p.db"),
            probe_initial_s=probe_s,
            backoff_initial_s=0.05,
        )
    )


def say(caller: GeminiCaller, text: str = "Hello.") -> None:
    GeminiSpeech(caller).synthesize(text, language="English", voice="A")


def test_daily_quota_block_probes_then_lifts_when_the_provider_accepts(tmp_path):
    cfg = EmulatorConfig(models={TTS: {"rpd": 1}})
    with running_emulator(cfg) as (base_url, _):
        caller = quota_caller(base_url, tmp_path)
        say(caller)
        with pytest.raises(DailyQuotaExhausted) as err:
            say(caller)  # the per-day 429
        message = str(err.value)
        # When the quota resets, in UTC and Pacific time, and how to lift the block.
        assert "UTC" in message and "Pacific" in message and "devstack quota lift" in message
        (block,) = caller.pacer.blocks()
        assert block.model == TTS and time.time() < block.reset_at <= time.time() + 86_400
        for _ in range(3):  # refused without a request until the probe is due
            with pytest.raises(DailyQuotaExhausted):
                say(caller)
        assert requests(base_url, TTS) == 2
        time.sleep(0.7)
        with pytest.raises(DailyQuotaExhausted):  # the probe: still exhausted
            say(caller)
        assert requests(base_url, TTS) == 3
        assert caller.pacer.blocks()[0].probe_backoff_s == pytest.approx(1.2)  # doubled
        with pytest.raises(DailyQuotaExhausted):  # the next probe is later: no request
            say(caller)
        assert requests(base_url, TTS) == 3
        # The quota is raised (or reset): the next probe passes and lifts the block.
        httpx.put(
            f"{base_url}/_emulator/config",
            json=EmulatorConfig(models={TTS: {"rpd": 100}}).model_dump(mode="json"),
        ).raise_for_status()
        time.sleep(1.3)
        say(caller)
        assert caller.pacer.blocks() == []
        say(caller)  # and nothing holds the model back any more
        assert requests(base_url, TTS) == 5


def test_only_one_probe_goes_out_among_many_callers(tmp_path):
    cfg = EmulatorConfig(models={TTS: {"rpd": 0}})
    with running_emulator(cfg) as (base_url, _):
        caller = quota_caller(base_url, tmp_path, probe_s=0.3)
        with pytest.raises(DailyQuotaExhausted):
            say(caller)
        time.sleep(0.4)
        from concurrent.futures import ThreadPoolExecutor

        def attempt(_i: int) -> str:
            try:
                say(caller)
                return "ok"
            except DailyQuotaExhausted:
                return "blocked"

        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(attempt, range(8)))
        assert outcomes == ["blocked"] * 8
        assert requests(base_url, TTS) == 2  # the first 429 and one probe


def test_operator_lifts_a_block(tmp_path):
    cfg = EmulatorConfig(models={TTS: {"rpd": 1}})
    with running_emulator(cfg) as (base_url, _):
        caller = quota_caller(base_url, tmp_path, probe_s=3600)
        say(caller)
        with pytest.raises(DailyQuotaExhausted):
            say(caller)
        httpx.put(
            f"{base_url}/_emulator/config",
            json=EmulatorConfig(models={TTS: {"rpd": 10}}).model_dump(mode="json"),
        ).raise_for_status()
        with pytest.raises(DailyQuotaExhausted):
            say(caller)  # blocked: the probe is an hour away
        assert Pacer(tmp_path / "p.db", {}).lift(TTS) is True  # what the command/endpoint do
        say(caller)
        assert requests(base_url, TTS) == 3


# --- models ------------------------------------------------------------------------------


def test_a_retired_model_fails_at_once_naming_the_available_ones(emulator, tmp_path):
    caller = GeminiCaller(
        GeminiConfig(
            api_key="k",
            base_url=emulator,
            pacing_path=str(tmp_path / "p.db"),
            tts_model="gemini-2.5-flash-preview-tts",
        )
    )
    speech = GeminiSpeech(caller)
    with pytest.raises(ModelNotFound) as err:
        speech.synthesize("Hello.", language="English", voice="A")
    assert not err.value.retryable and err.value.code == "MODEL_NOT_FOUND"
    assert "gemini-2.5-flash-preview-tts" in str(err.value)
    assert TTS in err.value.available and "gemini-2.5-flash-preview-tts" not in err.value.available
    with pytest.raises(ModelNotFound):  # later pages: no request at all
        speech.synthesize("Again.", language="English", voice="A")
    assert requests(emulator, "gemini-2.5-flash-preview-tts") == 1


def test_speech_markup_follows_the_model_family():
    """3.8 TTS reads text verbatim (style in speech_metadata, <angle> tags); older families take
    the documented "Say in a … voice:" prefix and [square] tags (Google's TTS migration guide)."""
    from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS, speech_markup

    new = speech_markup(DEFAULT_MODELS["tts"])
    assert new.style_in_metadata and new.pause_tag.startswith("<")
    assert new.direct("warm", "Hello.") == "Hello."
    old = speech_markup("gemini-3.1-flash-tts-preview")
    assert not old.style_in_metadata and old.pause_tag.startswith("[")
    assert old.direct("warm", "Hello.") == "Say in a warm voice: Hello."

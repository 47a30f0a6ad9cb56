"""The emulator's realistic speech, through the real google-genai client over HTTP: no digital
silence, its noise floor, breaths, rates, unreliable page pauses, spoken directions, and the
ground truth it keeps for every clip."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from google import genai
from google.genai import types

from emulators.gemini.app import Emulator
from emulators.gemini.config import EmulatorConfig
from emulators.gemini.server import running_emulator

TTS = "gemini-3.8-flash-tts"  # the default (moretale_assets/lib/providers/gemini/config.py)
OLDER_TTS = "gemini-3.1-flash-tts-preview"  # a family that takes a "Say in a … voice:" prefix
RATE = 24_000
CONFIG = types.GenerateContentConfig(
    response_modalities=["AUDIO"],
    speech_config=types.SpeechConfig(
        voice_config=types.VoiceConfig(
            prebuilt_voice_config=types.PrebuiltVoiceConfig(voice_name="Achernar")
        )
    ),
)
PASSAGES = [
    "One sunny morning, Mina woke up in bed with a big smile.",
    "Mina lived with a loving family in a little house by the sea.",
    "코끼리 코코는 분수처럼 물을 뿜을 수 있었어요. 정말 신기했어요.",
    "The beach had soft sand, shiny shells and big blue waves.",
]
DOCUMENTED = "Say in a warm, gentle storytelling voice:"
UNDOCUMENTED = "Read each passage below in a children's storytelling tone. Read only the passages."


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[str, Emulator]]:
    with running_emulator(EmulatorConfig()) as handle:
        yield handle


def speak(
    base_url: str,
    emu: Emulator,
    speech: dict[str, Any],
    prompt: Any,
    seed: int = 0,
    model: str = OLDER_TTS,
) -> tuple[np.ndarray, dict[str, Any]]:
    emu.set_config(EmulatorConfig(seed=seed, speech=speech))
    client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url=base_url))
    resp = client.models.generate_content(model=model, contents=prompt, config=CONFIG)
    pcm = np.frombuffer(resp.candidates[0].content.parts[0].inline_data.data, "<i2")
    truth = httpx.get(f"{base_url}/_emulator/speech/{resp.response_id}").json()
    return pcm, truth


def frame_db(pcm: np.ndarray) -> np.ndarray:
    x = pcm[: pcm.size // 240 * 240].astype(np.float64).reshape(-1, 240)
    return 20 * np.log10(np.sqrt(np.mean(x**2, axis=1)) / 32768 + 1e-9)


def book(direction: str = DOCUMENTED) -> str:
    return direction + "\n\n" + "\n\n".join(PASSAGES)


@pytest.mark.parametrize("floor", [-60.0, -50.0, -40.0])
def test_no_digital_silence_and_the_configured_noise_floor(shared, floor) -> None:
    pcm, truth = speak(*shared, {"noise_floor_dbfs": floor, "breath_rate": 0.0}, book())
    db = frame_db(pcm)
    assert truth["samples"] == pcm.size and len(truth["passages"]) == 4
    assert db.min() > floor - 6, "a stretch of (near) digital silence"
    assert abs(float(np.percentile(db, 5)) - floor) < 3
    # Between passages (no breaths here) the level stays at the floor, far under the voice.
    (_, end0), (start1, _) = truth["passages"][0], truth["passages"][1]
    gap = frame_db(pcm[end0 + 2400 : start1 - 2400])
    assert gap.size and gap.max() < floor + 15 < float(np.percentile(db, 95))


def gap_peaks(pcm: np.ndarray, truth: dict[str, Any]) -> list[float]:
    passages = truth["passages"]
    return [
        float(frame_db(pcm[end + 1200 : start]).max())
        for (_, end), (start, _) in itertools.pairwise(passages)
    ]


def test_breaths_before_phrases_sit_in_the_pauses(shared) -> None:
    speech = {"noise_floor_dbfs": -60.0, "breath_rate": 1.0, "unreliable_pauses": 0.0}
    loudest = gap_peaks(*speak(*shared, speech, book()))
    # A breath (about -40 dBFS) rises well above the -60 floor, yet far below the voice.
    assert all(-48 < level < -30 for level in loudest), loudest
    calm = gap_peaks(*speak(*shared, {**speech, "breath_rate": 0.0}, book()))
    assert all(level < -52 for level in calm), calm


def test_rate_follows_syllables_and_varies_between_clips(shared) -> None:
    slow_pcm, slow = speak(*shared, {"rate_syl_s": (3.5, 3.5)}, book(), seed=1)
    fast_pcm, fast = speak(*shared, {"rate_syl_s": (6.5, 6.5)}, book(), seed=1)
    assert slow["rate_syl_s"] == 3.5 and fast["rate_syl_s"] == 6.5
    assert slow_pcm.size > 1.5 * fast_pcm.size
    spans = [s for s in slow["spans"] if s["kind"] == "passage"]
    syllables = np.array([s["syllables"] for s in spans], dtype=float)
    seconds = np.array([(s["end"] - s["start"]) / RATE for s in spans])
    assert np.corrcoef(syllables, seconds)[0, 1] > 0.8
    # The rate is drawn per clip from the range; sentences vary around it.
    _, ranged = speak(*shared, {"rate_syl_s": (3.5, 6.5)}, book(), seed=2)
    _, other = speak(*shared, {"rate_syl_s": (3.5, 6.5)}, book(), seed=3)
    assert 3.5 <= ranged["rate_syl_s"] <= 6.5 and ranged["rate_syl_s"] != other["rate_syl_s"]


def test_a_slow_voice_is_spoken_too(shared) -> None:
    # Syllables longer than the voice's 0.6 s grain tables used to answer HTTP 500.
    pcm, truth = speak(*shared, {"rate_syl_s": (1.0, 1.0)}, book(), seed=4)
    assert truth["rate_syl_s"] == 1.0 and pcm.size / RATE > 40


@pytest.mark.parametrize("unreliable", [0.0, 1.0])
def test_page_pauses_can_be_sentence_length(shared, unreliable) -> None:
    _, truth = speak(*shared, {"unreliable_pauses": unreliable}, book())
    assert truth["unreliable_pauses"] is bool(unreliable)
    passages = truth["passages"]
    gaps = [(b[0] - a[1]) / RATE for a, b in itertools.pairwise(passages)]
    if unreliable:
        assert all(g < 0.8 for g in gaps), gaps  # no longer than a sentence-end pause
    else:
        assert all(g > 0.55 for g in gaps), gaps


def test_only_a_documented_direction_stays_unspoken(shared) -> None:
    _, truth = speak(*shared, {}, book(DOCUMENTED))
    assert truth["direction"] is None and not truth["direction_spoken"]
    # 3.8 TTS reads its text verbatim: the same prefix is spoken; its style belongs in the
    # part's speech_metadata, which is never spoken.
    _, verbatim = speak(*shared, {}, book(DOCUMENTED), model=TTS)
    assert verbatim["direction_spoken"] and verbatim["direction"][1] < verbatim["passages"][0][0]
    part = types.Part(
        text="\n\n".join(PASSAGES), speech_metadata=types.SpeechMetadata(style="warm, gentle")
    )
    _, styled = speak(*shared, {}, [types.Content(role="user", parts=[part])], model=TTS)
    assert not styled["direction_spoken"] and styled["style"] == "warm, gentle"
    assert [s["text"] for s in styled["spans"]] == PASSAGES
    pcm2, truth2 = speak(*shared, {}, book(UNDOCUMENTED))
    assert truth2["direction_spoken"]
    start, end = truth2["direction"]
    assert end < truth2["passages"][0][0] and end - start > RATE  # a sentence read aloud
    off, _ = speak(*shared, {"spoken_direction": False}, book(UNDOCUMENTED))
    assert off.size < pcm2.size


@pytest.mark.parametrize(("model", "tag", "other"), [(TTS, "<", "["), (OLDER_TTS, "[", "<")])
def test_pause_tags_in_the_family_style_are_markup_others_are_read(
    shared, model, tag, other
) -> None:
    """A documented tag (<long pause> for 3.8 TTS, [long pause] before) is never spoken; the
    page break it asks for is still sentence-length in an unreliable clip. The other style's
    tag is text to such a model, and read aloud."""
    close = {"<": ">", "[": "]"}
    asked = f" {tag}long pause{close[tag]}\n\n".join(PASSAGES)
    _, truth = speak(*shared, {"unreliable_pauses": 1.0}, asked, model=model)
    assert [s["text"] for s in truth["spans"]] == PASSAGES
    gaps = [(b[0] - a[1]) / RATE for a, b in itertools.pairwise(truth["passages"])]
    assert all(g < 0.8 for g in gaps), gaps
    wrong = f" {other}long pause{close[other]}\n\n".join(PASSAGES)
    _, read = speak(*shared, {}, wrong, model=model)
    spoken = [s["text"] for s in read["spans"]]
    assert all("long pause" in t for t in spoken[:-1]) and len(spoken) == len(PASSAGES)


def test_same_seed_same_clip_and_unknown_ids_are_404(shared) -> None:
    a, ta = speak(*shared, {}, book(), seed=5)
    b, tb = speak(*shared, {}, book(), seed=5)
    c, _ = speak(*shared, {}, book(), seed=6)
    assert a.tobytes() == b.tobytes() and ta["passages"] == tb["passages"]
    assert a.tobytes() != c.tobytes()
    base_url, _ = shared
    r = httpx.get(f"{base_url}/_emulator/speech/nope")
    assert r.status_code == 404 and r.json()["error"]["status"] == "NOT_FOUND"
    kept = {t["response_id"]: t for t in httpx.get(f"{base_url}/_emulator/speech").json()}
    assert kept[tb["response_id"]]["passages"] == tb["passages"]

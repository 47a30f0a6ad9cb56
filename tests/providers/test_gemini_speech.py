"""Batched narration on the realistic emulator, through GeminiSpeech and the real google-genai
client over HTTP, checked against the emulator's ground truth: across the realism range the
kept segments hold exactly their page, and the verification rejects splits off by one passage.
"""

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
from emulators.gemini.voice import misaligned
from moretale_assets.lib import audio, narration_split
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.schemas import StoryRequest

TTS = "gemini-3.8-flash-tts"  # the default (moretale_assets/lib/providers/gemini/config.py)


@pytest.fixture(scope="module")
def story():
    request = StoryRequest.model_validate(
        {
            "child_name": "Mina",
            "child_age": 5,
            "primary_lang": "Korean",
            "secondary_lang": "English",
            "theme": "a rainy day",
            "page_count": 24,
        }
    )
    return OfflineStoryWriter().write(request)


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[str, Emulator]]:
    with running_emulator(EmulatorConfig()) as handle:
        yield handle


def speech_for(base_url: str, tmp_path, model: str = TTS) -> GeminiSpeech:
    config = GeminiConfig(
        api_key="k", base_url=base_url, pacing_path=str(tmp_path / "p.db"), tts_model=model
    )
    return GeminiSpeech(GeminiCaller(config))


def truth_of(base_url: str, response_id: str | None) -> dict[str, Any]:
    r = httpx.get(f"{base_url}/_emulator/speech/{response_id}")
    r.raise_for_status()
    return r.json()


def count_misaligned(base_url: str, speech: GeminiSpeech) -> tuple[int, int]:
    """(kept segments that are misaligned against the ground truth, kept segments)."""
    bad = kept = 0
    for record in speech.splits:
        wrong = misaligned(list(record.spans), truth_of(base_url, record.response_id))
        kept += sum(record.trusted)
        bad += sum(1 for ok, w in zip(record.trusted, wrong, strict=True) if ok and w)
    return bad, kept


# (noise floor dBFS, unreliable page pauses, rate range syl/s, language, first page)
RANGE = [
    (-60.0, 0.0, (3.5, 4.5), "Korean", 0),
    (-50.0, 1.0, (4.5, 5.5), "English", 8),
    (-40.0, 1.0, (5.5, 6.5), "Korean", 16),
    (-40.0, 0.0, (3.5, 4.5), "English", 0),
    (-60.0, 1.0, (5.5, 6.5), "English", 16),
    (-50.0, 0.0, (4.5, 5.5), "Korean", 8),
]


@pytest.mark.parametrize(("floor", "unreliable", "rates", "language", "first"), RANGE)
def test_split_holds_across_the_realism_range(
    shared, story, tmp_path, floor, unreliable, rates, language, first
) -> None:
    base_url, emu = shared
    realism = {"noise_floor_dbfs": floor, "unreliable_pauses": unreliable, "rate_syl_s": rates}
    emu.set_config(EmulatorConfig(seed=int(-floor) + first, speech=realism))
    role = "primary" if language == "Korean" else "secondary"
    texts = [getattr(p, f"text_{role}") for p in story.pages[first : first + 8]]
    speech = speech_for(base_url, tmp_path)
    got = speech.synthesize_many(texts, language=language, voice="Achernar")
    bad, kept = count_misaligned(base_url, speech)
    assert bad == 0, f"{bad} of {kept} kept segments hold another page's speech"
    assert kept == sum(g is not None for g in got)
    assert sum(g is not None for g in got) >= 7 and speech.requests <= 5
    assert all(record.response_id for record in speech.splits)  # each traceable to its truth
    for sp in got:
        if sp is not None:
            pcm, rate = audio.decode_wav(sp.wav)
            assert rate == audio.SAMPLE_RATE and pcm.size == round(sp.duration_s * rate)


def clip(base_url: str, emu: Emulator, texts: list[str], direction: str, **speech: Any):
    emu.set_config(EmulatorConfig(seed=7, speech=speech))
    client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url=base_url))
    config = types.GenerateContentConfig(response_modalities=["AUDIO"])
    prompt = (direction + "\n\n" if direction else "") + "\n\n".join(texts)
    resp = client.models.generate_content(model=TTS, contents=prompt, config=config)
    pcm = np.frombuffer(resp.candidates[0].content.parts[0].inline_data.data, "<i2")
    return pcm, truth_of(base_url, resp.response_id)


def true_cuts(a: narration_split.Analysis, truth: dict[str, Any]) -> list[int]:
    """The middle (frame) of the longest candidate pause between each pair of passages."""
    frame = a.frame
    cuts = []
    passages = truth["passages"]
    for (_, end), (start, _) in itertools.pairwise(passages):
        inside = [
            (q - p, (p + q) // 2) for p, q in a.pauses if end <= q * frame and p * frame <= start
        ]
        cuts.append(max(inside)[1])
    return cuts


def inner_pause(a: narration_split.Analysis, truth: dict[str, Any], i: int) -> int | None:
    """The middle of the longest pause inside passage i (a sentence or comma pause)."""
    start, end = truth["passages"][i]
    inside = [
        (q - p, (p + q) // 2) for p, q in a.pauses if start < p * a.frame and q * a.frame < end
    ]
    return max(inside)[1] if inside else None


@pytest.mark.parametrize("language", ["Korean", "English"])
def test_verification_rejects_splits_off_by_one_passage(shared, story, language) -> None:
    base_url, emu = shared
    role = "primary" if language == "Korean" else "secondary"
    # Pages with an inner pause each, so a wrong boundary has somewhere to go.
    texts = [getattr(p, f"text_{role}") for p in story.pages if "," in getattr(p, f"text_{role}")]
    texts = texts[:6]
    pcm, truth = clip(base_url, emu, texts, "", unreliable_pauses=1.0)
    a = narration_split.analyse(pcm)
    right = true_cuts(a, truth)
    good = narration_split.verify(a, right, texts, language)
    assert not any(misaligned([(s.start, s.end) for s in good.segments], truth))
    n = len(texts)
    inner = {i: inner_pause(a, truth, i) for i in range(n)}
    assert sum(v is not None for v in inner.values()) >= 3
    wrong_splits = []
    for k in range(n - 1):
        # Passages k and k+1 run together; another passage is cut at its inner pause.
        j = min(
            (i for i in inner if inner[i] is not None and i not in (k, k + 1)),
            key=lambda i: abs(i - k),
        )
        cuts = sorted([c for i, c in enumerate(right) if i != k] + [inner[j]])
        wrong_splits.append(cuts)
    # Everything shifted by one passage: a pause inside the first page with one is a
    # boundary, and the last two pages run together.
    first = min(i for i in inner if inner[i] is not None)
    wrong_splits.append(sorted([inner[first], *right[:-1]]))
    for cuts in wrong_splits:
        split = narration_split.verify(a, cuts, texts, language)
        wrong = misaligned([(s.start, s.end) for s in split.segments], truth)
        trusted = split.trusted()
        assert any(wrong) and not split.verified
        kept_wrong = [i for i in range(n) if trusted[i] and wrong[i]]
        assert kept_wrong == [], (cuts, kept_wrong, [s.problems for s in split.segments])


@pytest.mark.parametrize("pages", [4, 1])
def test_a_direction_read_aloud_is_cut_off_or_not_trusted(shared, story, pages) -> None:
    base_url, emu = shared
    texts = [p.text_secondary for p in story.pages[:pages]]
    direction = "Read each passage below in a warm voice. Read only the passages."
    pcm, truth = clip(base_url, emu, texts, direction)
    assert truth["direction_spoken"]
    # 1.08: nuclei per syllable measured on the emulator's voice (as GeminiSpeech learns it).
    split = narration_split.split_clip(pcm, texts, "English", preamble=direction, kappa=1.08)
    wrong = misaligned([(s.start, s.end) for s in split.segments], truth)
    assert not any(t and w for t, w in zip(split.trusted(), wrong, strict=True)), wrong


@pytest.mark.parametrize("model", [TTS, "gemini-3.1-flash-tts-preview"])
def test_requests_use_their_model_familys_speech_markup(shared, story, tmp_path, model) -> None:
    """3.8 TTS reads its text verbatim: the style travels in speech_metadata and only the
    passages, joined by <long pause> tags, are in the text. An older family gets the
    documented "Say in a … voice:" prefix and [long pause] tags. Either way nothing but the
    passages is spoken (the emulator reads a direction or a tag in the wrong form aloud)."""
    base_url, emu = shared
    emu.set_config(EmulatorConfig(seed=11, speech={"unreliable_pauses": 0.0}))
    speech = speech_for(base_url, tmp_path, model)
    texts = [p.text_secondary for p in story.pages[:3]]
    got = speech.synthesize_many(texts, language="English", voice="Achernar")
    assert all(g is not None for g in got)
    truth = truth_of(base_url, speech.splits[0].response_id)
    assert not truth["direction_spoken"]
    assert [s["text"] for s in truth["spans"]] == [" ".join(t.split()) for t in texts]
    if model == TTS:
        assert speech.markup.style_in_metadata and "storytelling" in truth["style"]
    else:
        assert not speech.markup.style_in_metadata and truth["style"] is None


def test_ideal_clips_split_too(shared, story, tmp_path) -> None:
    base_url, emu = shared
    emu.set_config(EmulatorConfig(speech={"enabled": False}))
    speech = speech_for(base_url, tmp_path)
    texts = [p.text_primary for p in story.pages[:8]]
    got = speech.synthesize_many(texts, language="Korean", voice="Achernar")
    assert all(g is not None for g in got) and speech.requests <= 3


def test_a_passage_that_cannot_be_verified_even_alone_comes_back_as_none(shared, tmp_path) -> None:
    """Speech far faster than any reader (15 syllables a second, above the splitter's
    plausible rates) never verifies: the pair is halved, each page asked for alone, and
    both come back as None for the caller to narrate with `synthesize` — 3 requests, no
    silent fallback to an unchecked clip."""
    base_url, emu = shared
    emu.set_config(EmulatorConfig(seed=3, speech={"rate_syl_s": (14.5, 15.0)}))
    speech = speech_for(base_url, tmp_path)
    texts = ["The cat sat down.", "A dog ran home."]
    got = speech.synthesize_many(texts, language="English", voice="Achernar")
    assert got == [None, None]
    assert [r.indices for r in speech.splits] == [(0, 1), (0,), (1,)]
    assert speech.requests == 3
    for record in list(speech.splits)[1:]:
        assert record.trusted == (False,)
        assert any("syllables per voiced second" in p for p in record.problems), record.problems

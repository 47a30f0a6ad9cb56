"""Gemini-side quality checks through the real google-genai client against the emulator over
HTTP: narration transcribed back by the text model, pictures reviewed by it (lettering, the
page's things, the cover's character). The emulator answers from what it said and drew."""

import random

import httpx
import pytest

from emulators.gemini import EmulatorConfig
from emulators.gemini.review import garble
from emulators.gemini.server import running_emulator
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig
from moretale_assets.lib.providers.gemini.illustrator import GeminiIllustrator
from moretale_assets.lib.providers.gemini.review import GeminiReviewer
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.quality.narration import Clip, check_narration
from moretale_assets.lib.quality.pictures import Drawn, check_pictures
from moretale_assets.lib.quality.review import cer

STORY, IMAGE = "gemini-3.8-flash", "gemini-3.1-flash-image"
LOOK = "watercolor, a girl with long brown hair in two braids, fair skin, a yellow raincoat"


def by_name(report, name):
    return next(c for c in report.checks if c.name == name)


@pytest.fixture
def emulator():
    # No slips: each failure below is the bad page's, not the reviewer's noise.
    cfg = EmulatorConfig(seed=5, review={"word_error_rate": 0.0, "miss_rate": 0.0})
    with running_emulator(cfg) as (base_url, _emu):
        yield base_url


@pytest.fixture
def caller(emulator, tmp_path):
    return GeminiCaller(
        GeminiConfig(api_key="k", base_url=emulator, pacing_path=str(tmp_path / "p.db"))
    )


def requests(base_url: str, model: str) -> int:
    stats = httpx.get(f"{base_url}/_emulator/stats").json()
    return stats["models"].get(model, {}).get("requests", 0)


def test_swapped_narration_fails_transcription(caller, emulator):
    texts = [
        "Mina put on her yellow raincoat and ran outside.",
        "The little fox was waiting under the old oak tree.",
        "Together they splashed in every puddle on the hill.",
    ]
    speech = GeminiSpeech(caller).synthesize_many(texts, language="English", voice="Kore")
    assert all(speech)  # pages cut from one clip, each stored as its own WAV
    korean = GeminiSpeech(caller).synthesize("미나는 노란 우비를 입었어요.", language="Korean",
                                             voice="Kore")  # fmt: skip
    clips = [
        Clip(i + 1, "English", text, s.wav, "gemini")  # type: ignore[union-attr]
        for i, (text, s) in enumerate(zip(texts, speech, strict=True))
    ]
    clips.append(Clip(1, "Korean", "미나는 노란 우비를 입었어요.", korean.wav, "gemini"))
    clips[2] = Clip(3, "English", texts[2], speech[1].wav, "gemini")  # type: ignore[union-attr]
    before = requests(emulator, STORY)
    report = check_narration(clips, GeminiReviewer(caller))
    check = by_name(report, "transcription_matches")
    assert check.ran and check.failing_pages() == [3], check.pages
    assert all(p.status == "pass" for p in check.pages if p.page != 3), check.pages
    # One text-model request per clip, paced as that model's own.
    assert requests(emulator, STORY) - before == 4
    assert caller.pacer is not None
    # Without a transcriber the check says it did not run, and why.
    assert "transcription_matches" in check_narration(clips).not_run()


def test_picture_with_text_other_character_and_missing_thing_fail(caller, emulator):
    ill = GeminiIllustrator(caller)
    cover = ill.draw(f"{LOOK}, book cover, the girl and a fox", kind="cover",
                     aspect_ratio="5:4", seed=0)  # fmt: skip
    prompt = f"{LOOK}, the girl flies a red kite with a fox on a hill"
    meadow = f"{LOOK}, the girl sits in a meadow"
    words = "Mina flies a kite with the fox."

    def page(fault: str | None = None, scene: str = prompt) -> bytes:
        if fault:
            order = {"faults": [{"model": IMAGE, "fault": fault}]}
            httpx.post(f"{emulator}/_emulator/faults", json=order).raise_for_status()
        drawn = ill.draw(scene, kind="page", aspect_ratio="1:1", seed=1, reference_png=cover.png)
        return drawn.png

    pics = [
        Drawn(0, cover.png, "5:4", "", "gemini"),
        Drawn(1, page(), "1:1", prompt, "gemini", words),
        Drawn(2, page("draws_text"), "1:1", prompt, "gemini", words),
        Drawn(3, page("other_character"), "1:1", prompt, "gemini", words),
        Drawn(4, page(scene=meadow), "1:1", meadow, "gemini", "Mina saw a penguin and a kite."),
    ]
    before = requests(emulator, STORY)
    report = check_pictures(pics, GeminiReviewer(caller))
    assert requests(emulator, STORY) - before == 5  # one vision request a picture
    assert 2 in by_name(report, "no_text").failing_pages()
    lettering = by_name(report, "no_text").pages[2].reasons
    assert any(r.startswith("vision: lettering seen") for r in lettering), lettering
    assert {1, 3, 4}.isdisjoint(by_name(report, "no_text").failing_pages())
    assert by_name(report, "character_matches_cover").failing_pages() == [3]
    assert by_name(report, "key_objects_drawn").failing_pages() == [4]
    assert {"no_text", "key_objects_drawn", "character_matches_cover"} <= set(report.ran())
    # Without a reviewer, model pictures' content checks say they did not run.
    assert "key_objects_drawn" in check_pictures(pics).not_run()


def test_the_reviewer_slips_now_and_then():
    text = "The little fox was waiting under the old oak tree by the river. " * 4
    heard = garble(text, random.Random(1), 0.1)
    assert heard != text.strip() and 0 < cer(text, heard) < 0.15
    assert garble(text, random.Random(1), 0.0) == text.strip()

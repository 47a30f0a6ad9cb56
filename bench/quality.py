"""Quality of books: pass rate per check, theme honoured, sentences shared, pages redone.

Offline: N books in-process with the offline providers (story, espeak narration of every page
in both languages, Pillow cover and pages at 1024 px), timing each book's own generation, then
the lib/quality checks on each, timed (the pixel measures the pipeline takes when a picture is
drawn count as check time). Themes, ages, page counts, names and language order vary per book.

Emulator: M books through the Gemini providers and the real google-genai client against the
Gemini emulator in a subprocess (its image model letters a caption into ~6 % of pictures and
draws someone else as the hero in ~4 %; its reviewer mishears ~3 % of words and misses ~4 % of
things), checked with the text model as reviewer: narration transcribed back, pictures reviewed.

Both: pages failing a check that calls for remaking (lib/quality/model.REDO_ON) are made again
once and checked again, as the redo sensor does. Prints `name: value` lines:

- `pass_rate.<check>` / `pass_rate.emulator.<check>`: share of books on which the check did not
  fail at first (warnings pass)
- `theme_honoured`: share of offline books whose `theme_present` check passed
- `shared_sentence_ratio`: share of offline books' sentences (hero masked) found in another
- `pages_redone_by_checks` / `.emulator`: pages (picture or narration of a page) redone, all
  books; `pages_flagged_after_redo` / `.emulator`: of those, still failing after the redo
- `check_time_fraction`: offline check seconds / the book's own seconds (target <= 0.10);
  `check_time_fraction.emulator` includes the reviewer's requests

    .venv/bin/python bench/quality.py [--books 20] [--emulator-books 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from emulators.gemini import EmulatorConfig, start_emulator_process
from moretale_assets.lib.providers.base import Picture
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig
from moretale_assets.lib.providers.gemini.illustrator import GeminiIllustrator
from moretale_assets.lib.providers.gemini.review import GeminiReviewer
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.providers.gemini.story import GeminiStoryWriter
from moretale_assets.lib.providers.offline.illustrator import OfflineIllustrator
from moretale_assets.lib.providers.offline.speech import EspeakSpeech
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.quality.model import Report, pages_to_redo
from moretale_assets.lib.quality.narration import Clip, check_narration, words_per_minute
from moretale_assets.lib.quality.pictures import Drawn, check_pictures, pixel_stats
from moretale_assets.lib.quality.story import check_story, sentence_set, shared_sentence_ratio
from moretale_assets.lib.schemas import Story, StoryRequest

THEMES = ("friendship", "바다", "space", "rain", "family", "snow", "a red kite", "kindness",
          "school", "the garden", "mountain hiking", "castle", "a lost puppy", "lake", "penguin",
          "우정", "토끼", "courage in the forest", "bedtime", "sharing a picnic")  # fmt: skip
NAMES = ("Mina", "서아", "Leo", "민준", "Sam")
EMULATOR = EmulatorConfig(
    seed=7,
    models={"gemini-3.1-flash-image": {"faults": {"draws_text": 0.06, "other_character": 0.04}}},
)


def request(i: int) -> StoryRequest:
    korean_first = i % 2 == 0
    return StoryRequest.model_validate(
        {
            "child_name": NAMES[i % len(NAMES)],
            "child_age": 3 + i % 7,
            "primary_lang": "Korean" if korean_first else "English",
            "secondary_lang": "English" if korean_first else "Korean",
            "theme": THEMES[i % len(THEMES)],
            "page_count": (8, 12, 16, 24)[i % 4],
        }
    )


@dataclass
class Tally:
    passed: defaultdict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    fractions: list[float] = field(default_factory=list)
    redone: int = 0
    flagged: int = 0

    def count(self, reports: list[Report]) -> None:
        for report in reports:
            for c in report.checks:
                if c.ran:
                    self.passed[c.name].append(c.passed)


@dataclass
class Made:
    """One book's files as the checks take them, and how to make a page's files again."""

    story: Story
    clips: list[Clip]
    drawn: list[tuple[Picture, Drawn]]
    speak_again: Callable[[Clip], Clip]
    draw_again: Callable[[Drawn], tuple[Picture, Drawn]]


def measured(drawn: list[tuple[Picture, Drawn]]) -> list[Drawn]:
    # The pipeline measures a picture's pixels when it is drawn (when it has them in memory):
    # check work, so it is timed with the checks.
    return [replace(d, pixels=pixel_stats(p.image, p.png)) if p.image else d for p, d in drawn]


def check_book(made: Made, req: StoryRequest, reviewer: GeminiReviewer | None,
               tally: Tally) -> float:  # fmt: skip
    """Check, redo failing pages once and check them again; return the first check's seconds."""
    t0 = time.perf_counter()
    narration = check_narration(made.clips, reviewer)
    pictures = check_pictures(measured(made.drawn), reviewer)
    reports = [check_story(made.story, req), narration, pictures]
    seconds = time.perf_counter() - t0
    tally.count(reports)
    redo_audio, redo_pictures = pages_to_redo(narration), pages_to_redo(pictures)
    tally.redone += len(redo_audio) + len(redo_pictures)
    if redo_audio:
        again = [made.speak_again(c) for c in made.clips if c.page in redo_audio]
        tally.flagged += len(pages_to_redo(check_narration(again, reviewer)))
    if redo_pictures:
        cover = [(p, d) for p, d in made.drawn if d.page == 0]
        again = [made.draw_again(d) for _, d in made.drawn if d.page in redo_pictures]
        tally.flagged += len(pages_to_redo(check_pictures(measured(cover + again), reviewer)))
    return seconds


def english_of(story: Story, page: int) -> str:
    p = story.page(page)
    return p.text_primary if story.primary_language == "English" else p.text_secondary


def offline_book(req: StoryRequest) -> Made:
    writer, speech, ill = OfflineStoryWriter(), EspeakSpeech(), OfflineIllustrator()
    story = writer.write(req)
    langs = (story.primary_language, story.secondary_language)

    def speak(c: Clip) -> Clip:
        return replace(c, wav=speech.synthesize(c.text, language=c.language, voice="").wav)

    def draw(d: Drawn) -> tuple[Picture, Drawn]:
        kind, ratio = ("cover", "5:4") if d.page == 0 else ("page", "1:1")
        pic = ill.draw(d.prompt, kind=kind, aspect_ratio=ratio, seed=d.page)
        return pic, replace(d, png=pic.png)

    clips = [
        speak(Clip(p.page_number, lang, text, None, "offline"))
        for p in story.pages
        for lang, text in zip(langs, (p.text_primary, p.text_secondary), strict=True)
    ]
    drawn = [draw(Drawn(0, None, "5:4", story.cover_illustration_prompt, "offline"))]
    for p in story.pages:
        text = english_of(story, p.page_number)
        drawn.append(
            draw(Drawn(p.page_number, None, "1:1", p.illustration_prompt, "offline", text))
        )
    return Made(story, clips, drawn, speak, draw)


def gemini_book(req: StoryRequest, caller: GeminiCaller) -> Made:
    story = GeminiStoryWriter(caller).write(req)
    speech, ill = GeminiSpeech(caller), GeminiIllustrator(caller)
    langs = (story.primary_language, story.secondary_language)
    clips: list[Clip] = []
    for lang, role in zip(langs, ("text_primary", "text_secondary"), strict=True):
        texts = [getattr(p, role) for p in story.pages]
        for start in range(0, len(texts), 8):  # the pipeline's batch of pages per request
            chunk = texts[start : start + 8]
            for j, s in enumerate(speech.synthesize_many(chunk, language=lang, voice="Kore")):
                text = chunk[j]
                wav = (s or speech.synthesize(text, language=lang, voice="Kore")).wav
                clips.append(Clip(start + j + 1, lang, text, wav, "gemini"))
    cover = ill.draw(story.cover_illustration_prompt, kind="cover", aspect_ratio="5:4", seed=0)

    def speak(c: Clip) -> Clip:
        return replace(c, wav=speech.synthesize(c.text, language=c.language, voice="Kore").wav)

    def draw(d: Drawn) -> tuple[Picture, Drawn]:
        pic = ill.draw(d.prompt, kind="page", aspect_ratio="1:1", seed=d.page,
                       reference_png=cover.png)  # fmt: skip
        return pic, replace(d, png=pic.png)

    drawn = [(cover, Drawn(0, cover.png, "5:4", story.cover_illustration_prompt, "gemini"))]
    for p in story.pages:
        text = english_of(story, p.page_number)
        drawn.append(draw(Drawn(p.page_number, None, "1:1", p.illustration_prompt, "gemini", text)))
    return Made(story, clips, drawn, speak, draw)


def report(tally: Tally, label: str) -> None:
    for name, results in tally.passed.items():
        print(f"pass_rate{label}.{name}: {sum(results) / len(results):.3f}")
    print(f"pages_redone_by_checks{label}: {tally.redone}")
    print(f"pages_flagged_after_redo{label}: {tally.flagged}")
    if tally.fractions:
        print(f"check_time_fraction_median{label}: {statistics.median(tally.fractions):.3f}")
        print(f"check_time_fraction{label}: {sum(tally.fractions) / len(tally.fractions):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--books", type=int, default=20)
    ap.add_argument("--emulator-books", type=int, default=5)
    args = ap.parse_args()
    offline, sets, wpm = Tally(), [], []
    for i in range(args.books):
        req = request(i)
        t0 = time.perf_counter()
        made = offline_book(req)
        made_s = time.perf_counter() - t0
        offline.fractions.append(check_book(made, req, None, offline) / made_s)
        sets.append(sentence_set(made.story, req.child_name))
        wpm += [words_per_minute(c.text, c.wav) for c in made.clips
                if c.language == "English" and c.wav]  # fmt: skip
    report(offline, "")
    if args.books:
        theme = offline.passed["theme_present"]
        print(f"theme_honoured: {sum(theme) / args.books:.3f}")
        print(f"shared_sentence_ratio: {shared_sentence_ratio(sets):.3f}")
        print(f"english_words_per_minute_median: {statistics.median(wpm):.0f}")
    if not args.emulator_books:
        return
    base_url, stop = start_emulator_process(EMULATOR)
    emulated = Tally()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pacing = str(Path(tmp) / "pacing.db")
            caller = GeminiCaller(
                GeminiConfig(api_key="bench", base_url=base_url, pacing_path=pacing)
            )
            for i in range(args.emulator_books):
                req = request(i + 3)
                t0 = time.perf_counter()
                made = gemini_book(req, caller)
                made_s = time.perf_counter() - t0
                checked = check_book(made, req, GeminiReviewer(caller), emulated)
                emulated.fractions.append(checked / made_s)
    finally:
        stop()
    report(emulated, ".emulator")


if __name__ == "__main__":
    main()

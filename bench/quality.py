"""Quality of offline books: pass rate per check, theme honoured, sentences shared across books.

Makes N offline books in-process with the offline providers (story, espeak narration of every
page in both languages, Pillow cover and pages at 1024 px), timing each book's own generation,
then runs the lib/quality checks on each and times them. Themes, ages, page counts, child names
and language order vary per book. Prints `name: value` lines:

- `pass_rate.<check>`: share of books on which the check did not fail (warnings pass)
- `theme_honoured`: share of books whose `theme_present` check passed
- `shared_sentence_ratio`: share of all books' sentences (child's name masked) found in another
- `check_time_fraction`: check seconds / the book's own generation seconds (target <= 0.10)

Not covered: books through the Gemini emulator, pages redone by checks (not built).

    .venv/bin/python bench/quality.py [--books 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from dataclasses import replace

from moretale_assets.lib.providers.offline.illustrator import OfflineIllustrator
from moretale_assets.lib.providers.offline.speech import EspeakSpeech
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.quality.narration import Clip, check_narration, words_per_minute
from moretale_assets.lib.quality.pictures import Drawn, check_pictures, pixel_stats
from moretale_assets.lib.quality.story import check_story, sentence_set, shared_sentence_ratio
from moretale_assets.lib.schemas import StoryRequest

THEMES = ("friendship", "바다", "space", "rain", "family", "snow", "a red kite", "kindness",
          "school", "the garden", "mountain hiking", "castle", "a lost puppy", "lake", "penguin",
          "우정", "토끼", "courage in the forest", "bedtime", "sharing a picnic")  # fmt: skip
NAMES = ("Mina", "서아", "Leo", "민준", "Sam")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--books", type=int, default=20)
    args = ap.parse_args()
    writer, speech, illustrator = OfflineStoryWriter(), EspeakSpeech(), OfflineIllustrator()
    passed: defaultdict[str, list[bool]] = defaultdict(list)
    sets, fractions, wpm = [], [], []
    for i in range(args.books):
        korean_first = i % 2 == 0
        req = StoryRequest.model_validate(
            {
                "child_name": NAMES[i % len(NAMES)],
                "child_age": 3 + i % 7,
                "primary_lang": "Korean" if korean_first else "English",
                "secondary_lang": "English" if korean_first else "Korean",
                "theme": THEMES[i % len(THEMES)],
                "page_count": (8, 12, 16, 24)[i % 4],
            }
        )
        t0 = time.perf_counter()
        story = writer.write(req)
        langs = (story.primary_language, story.secondary_language)
        clips = []
        cover = illustrator.draw(story.cover_illustration_prompt, kind="cover",
                                 aspect_ratio="5:4", seed=0)  # fmt: skip
        drawn = [(cover, Drawn(0, cover.png, "5:4", story.cover_illustration_prompt, "offline"))]
        for p in story.pages:
            for lang, text in zip(langs, (p.text_primary, p.text_secondary), strict=True):
                wav = speech.synthesize(text, language=lang, voice="").wav
                clips.append(Clip(p.page_number, lang, text, wav))
            pic = illustrator.draw(p.illustration_prompt, kind="page", aspect_ratio="1:1",
                                   seed=p.page_number)  # fmt: skip
            english = p.text_primary if langs[0] == "English" else p.text_secondary
            page = Drawn(p.page_number, pic.png, "1:1", p.illustration_prompt, "offline", english)
            drawn.append((pic, page))
        made = time.perf_counter() - t0
        t1 = time.perf_counter()
        # The pixel measures the pipeline takes when a picture is drawn are check work: timed
        # here, with the check's own verification that they are of the stored bytes.
        pictures = [replace(d, pixels=pixel_stats(p.image, p.png)) for p, d in drawn]
        reports = [check_story(story, req), check_narration(clips), check_pictures(pictures)]
        checked = time.perf_counter() - t1
        fractions.append(checked / made)
        for report in reports:
            for c in report.checks:
                if c.ran:
                    passed[c.name].append(c.passed)
        sets.append(sentence_set(story, req.child_name))
        wpm += [words_per_minute(c.text, c.wav) for c in clips if c.language == "English"]
    for name, results in passed.items():
        print(f"pass_rate.{name}: {sum(results) / len(results):.3f}")
    theme = passed["theme_present"]
    print(f"theme_honoured: {sum(theme) / args.books:.3f}")
    print(f"shared_sentence_ratio: {shared_sentence_ratio(sets):.3f}")
    print(f"english_words_per_minute_median: {statistics.median(wpm):.0f}")
    print(f"check_time_fraction_median: {statistics.median(fractions):.3f}")
    print(f"check_time_fraction: {sum(fractions) / len(fractions):.3f}")


if __name__ == "__main__":
    main()

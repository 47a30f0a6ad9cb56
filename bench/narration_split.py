"""Batched narration against the realistic Gemini emulator: does the split hold, and what does
a book cost in TTS requests?

    .venv/bin/python bench/narration_split.py [--books-per-setting 3] [--ideal-books 4]

Three books a setting (the default) give about 380 clips, over the issue's 300; two gave 288
once the split verified more clips first time.

Books are 24-page Korean/English stories from the offline writer (48 passages; chunks of 8
pages per language, as the page_audio asset sends them). Each goes through the real
`GeminiSpeech.synthesize_many` and google-genai client, over HTTP, to the emulator in a
subprocess, across the realism grid: noise floor -60/-50/-40 dBFS × unreliable page pauses
off/on × clip rates 3.5-4.5 / 4.5-5.5 / 5.5-6.5 syllables/s. Every segment the provider keeps
is compared with the emulator's ground truth. A passage returned as None is counted as the
one extra request the asset then makes for it.

Prints `name: value` lines: realistic figures, then the ideal setting (realism off: espeak
passages joined by digital silence; it keeps no ground truth) beside them, labelled.
"""

from __future__ import annotations

import argparse
import itertools
import queue
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulators.gemini import EmulatorConfig, start_emulator_process
from emulators.gemini.config import SpeechRealism
from emulators.gemini.voice import misaligned
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig, open_pacer
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.providers.offline.story_writer import OfflineStoryWriter
from moretale_assets.lib.schemas import Story, StoryRequest

CHUNK = 8
FLOORS = (-60.0, -50.0, -40.0)
UNRELIABLE = (0.0, 1.0)
RATES = ((3.5, 4.5), (4.5, 5.5), (5.5, 6.5))
THEMES = ("friendship", "beach", "kindness", "sleep", "forest", "storm")
NAMES = ("Mina", "Leo", "지우", "Sam")


@dataclass
class Tally:
    books: int = 0
    requests: list[int] = field(default_factory=list)
    clips: int = 0
    chunks: int = 0
    chunks_verified: int = 0
    segments: int = 0
    trusted: int = 0
    misaligned: int = 0
    unverified_passages: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in ("books", "clips", "chunks", "chunks_verified", "segments", "trusted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misaligned += other.misaligned
        self.unverified_passages += other.unverified_passages
        self.requests += other.requests


def stories(n: int) -> list[Story]:
    writer = OfflineStoryWriter()
    combos = itertools.cycle(itertools.product(THEMES, NAMES))
    out = []
    for _ in range(n):
        theme, name = next(combos)
        request = StoryRequest.model_validate(
            {
                "child_name": name,
                "child_age": 5,
                "primary_lang": "Korean",
                "secondary_lang": "English",
                "theme": theme,
                "page_count": 24,
            }
        )
        out.append(writer.write(request))
    return out


def narrate_book(base_url: str, story: Story, pacing: str, truth: bool) -> Tally:
    caller = GeminiCaller(
        GeminiConfig(api_key="bench", base_url=base_url, pacing_path=pacing, timeout_s=120)
    )
    speech = GeminiSpeech(caller)
    tally = Tally(books=1)
    extra = 0
    for role, language in (("primary", story.primary_language), ("secondary", "English")):
        texts = [getattr(p, f"text_{role}") for p in story.pages]
        for i in range(0, len(texts), CHUNK):
            before = len(speech.splits)
            got = speech.synthesize_many(texts[i : i + CHUNK], language=language, voice="Achernar")
            missing = sum(1 for g in got if g is None)
            extra += missing
            tally.unverified_passages += missing
            tally.chunks += 1
            first = list(speech.splits)[before]
            tally.chunks_verified += all(first.trusted)
    tally.requests.append(speech.requests + extra)
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for record in speech.splits:
            tally.clips += 1
            tally.segments += len(record.texts)
            tally.trusted += sum(record.trusted)
            if not truth:
                continue
            gt = http.get(f"/_emulator/speech/{record.response_id}").json()
            bad = misaligned(list(record.spans), gt)
            tally.misaligned += sum(
                1 for ok, b in zip(record.trusted, bad, strict=False) if ok and b
            )
    return tally


def run(
    emulators: queue.Queue[str], books: list[Story], configs: list[EmulatorConfig], pacing: str
) -> Tally:
    """Narrate `books[i]` against an emulator set to `configs[i]`. Two client threads (one
    splits while an emulator renders), each book alone on one of two emulator processes whose
    config, and so its clip seed sequence, is reset for that book: a clip's seed follows the
    book and the request's place in it, never the arrival order across threads, so runs of
    the same code give the same figures."""
    total = Tally()
    started = time.perf_counter()

    def one(i: int) -> Tally:
        base_url = emulators.get()
        try:
            cfg = configs[i].model_dump(mode="json")
            httpx.put(f"{base_url}/_emulator/config", json=cfg).raise_for_status()
            return narrate_book(base_url, books[i], pacing, configs[i].speech.enabled)
        finally:
            emulators.put(base_url)

    with ThreadPoolExecutor(max_workers=emulators.qsize()) as pool:
        for t in pool.map(one, range(len(books))):
            total.add(t)
    total.seconds = time.perf_counter() - started
    return total


def report(label: str, t: Tally, *, truth: bool) -> None:
    suffix = "" if label == "realistic" else f"_{label}"
    print(f"books{suffix}: {t.books}")
    print(f"clips{suffix}: {t.clips}")
    print(f"split_verified_ratio{suffix}: {t.chunks_verified / max(1, t.chunks):.3f}")
    print(f"segments_trusted_ratio{suffix}: {t.trusted / max(1, t.segments):.3f}")
    print(f"misaligned_segments{suffix}: {t.misaligned if truth else 'n/a (no ground truth)'}")
    print(f"unverified_passages{suffix}: {t.unverified_passages}")
    print(f"tts_requests_per_book{suffix}: {statistics.mean(t.requests):.2f}")
    print(f"tts_requests_per_book_max{suffix}: {max(t.requests)}")
    print(f"wall_s{suffix}: {t.seconds:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books-per-setting", type=int, default=3)
    parser.add_argument("--ideal-books", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    grid = list(itertools.product(FLOORS, UNRELIABLE, RATES))
    all_books = stories(len(grid) * args.books_per_setting + args.ideal_books)
    started = [start_emulator_process(EmulatorConfig(seed=args.seed)) for _ in range(2)]
    emulators: queue.Queue[str] = queue.Queue()
    for base_url, _ in started:
        emulators.put(base_url)
    k = args.books_per_setting
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pacing = str(Path(tmp) / "pacing.sqlite")
            # Create the pacing file before the client threads open it: two connections
            # switching a new file to WAL at once can fail at once with "database is locked".
            open_pacer(GeminiConfig(api_key="bench", pacing_path=pacing))
            total = Tally()
            for n, (floor, unreliable, rates) in enumerate(grid):
                realism = SpeechRealism(
                    noise_floor_dbfs=floor, unreliable_pauses=unreliable, rate_syl_s=rates
                )
                books = all_books[n * k : (n + 1) * k]
                configs = [
                    EmulatorConfig(seed=args.seed + 1000 * n + b, speech=realism)
                    for b in range(len(books))
                ]
                t = run(emulators, books, configs, pacing)
                total.add(t)
                total.seconds += t.seconds
                print(
                    f"# floor {floor:+.0f} dBFS, unreliable pauses {unreliable:.0%}, "
                    f"rate {rates[0]}-{rates[1]} syl/s: requests/book {t.requests}, "
                    f"misaligned {t.misaligned}, chunks verified {t.chunks_verified}/{t.chunks}",
                    flush=True,
                )
            ideal_books = all_books[-args.ideal_books :]
            off = SpeechRealism(enabled=False)
            ideal_cfgs = [
                EmulatorConfig(seed=args.seed + b, speech=off) for b in range(len(ideal_books))
            ]
            ideal = run(emulators, ideal_books, ideal_cfgs, pacing)
    finally:
        for _, stop in started:
            stop()
    report("realistic", total, truth=True)
    report("ideal", ideal, truth=False)


if __name__ == "__main__":
    main()

"""Checks that need a model to listen or look: narration transcribed back and compared with
its page's text (character error rate), and a picture reviewed for lettering, the page's
things and the cover's character. The reviewer is passed in (the Gemini text model in the
pipeline), so these stay free of any SDK."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol, TypeVar

from moretale_assets.lib.quality.model import CheckResult, PageResult, Status

if TYPE_CHECKING:  # narration.py runs this check: a runtime import would be a cycle
    from moretale_assets.lib.quality.narration import Clip

# Highest character error rate that still reads as the page's text, per language. A listener
# mishears names and particles: Korean and CJK transcripts differ more in spelling and spacing
# than English ones. Above half the threshold warns; a swapped page scores ~0.7 or more.
CER_MAX: dict[str, float] = {"English": 0.15, "Korean": 0.2, "Japanese": 0.25, "Chinese": 0.25}
CER_DEFAULT = 0.2
T, R = TypeVar("T"), TypeVar("R")
MISSING_FAIL = 0.5  # share of the page's things the reviewer did not see that fails the page


class Transcriber(Protocol):
    def transcribe(self, wav: bytes, language: str) -> str: ...


class Review(Protocol):
    text_in_picture: bool
    text_seen: str
    present: list[str]
    missing: list[str]
    same_character_as_cover: bool | None


class PictureReviewer(Protocol):
    def review_picture(
        self, png: bytes, *, things: list[str], cover_png: bytes | None = None
    ) -> Review: ...


# Reviews are one text-model request each, paced by the shared quota: in turn, a book's 25
# picture reviews added ~27 s after its last picture at Tier-1 (bench/throughput.py --tier1).
REVIEW_WORKERS = 4


def concurrently(call: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`call` on every item, a few at a time, results in order; the first error is raised."""
    if len(items) <= 1:
        return [call(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(REVIEW_WORKERS, len(items))) as pool:
        return list(pool.map(call, items))


def _letters(text: str) -> str:
    """What a transcript is compared on: letters and digits, lower case, no spaces."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def _edits(a: str, b: str) -> int:
    # Levenshtein distance, one row at a time (page texts are a few hundred characters).
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def cer(reference: str, heard: str) -> float:
    ref, hyp = _letters(reference), _letters(heard)
    return _edits(ref, hyp) / len(ref) if ref else float(bool(hyp))


def check_transcription(clips: Sequence[Clip], transcriber: Transcriber) -> CheckResult:
    note = "the text model's transcript against the page's text (CER)"
    result = CheckResult(name="transcription_matches", severity="warning", note=note)
    pages: dict[int, PageResult] = {}
    spoken = [c for c in clips if c.wav is not None]
    heard_all = concurrently(lambda c: transcriber.transcribe(c.wav or b"", c.language), spoken)
    for clip, heard in zip(spoken, heard_all, strict=True):
        r = pages.setdefault(clip.page, PageResult(page=clip.page))
        rate = cer(clip.text, heard)
        limit = CER_MAX.get(clip.language, CER_DEFAULT)
        status: Status = "fail" if rate > limit else "warn" if rate > limit / 2 else "pass"
        if status == "fail" or (status == "warn" and r.status == "pass"):
            r.status = status
        shown = f"{clip.language}: CER {rate:.2f} (max {limit:.2f})"
        r.reasons.append(shown if status == "pass" else f"{shown}, heard {heard[:60]!r}")
    result.pages = sorted(pages.values(), key=lambda p: p.page)
    return result

"""Speech shaped like real Gemini TTS output, with the ground truth of where each passage is.

Real TTS audio is never digitally silent (providers-notes §C), so a clip built here has:

* a continuous noise floor (`noise_floor_dbfs`, RMS, slowly wandering by about ±1.5 dB);
* quiet unvoiced breaths (`breath_dbfs`) before some phrases, inside the pause before them;
* a voice whose timing follows the text: every syllable (Hangul syllables count one each;
  Latin words by their vowel groups) is a voiced grain with its own length, loudness and
  onset consonant, at a rate drawn per clip from `rate_syl_s` and varied per sentence by
  `rate_jitter`, so a passage lasts as long as its syllable count says at that clip's rate;
* pauses by punctuation: a comma 0.12–0.3 s (or none, one time in four), a sentence end
  0.3–0.7 s, now and then a hesitation of 0.15–0.3 s between words, a page break
  0.75–1.3 s scaled by `page_pause_s` — except in the `unreliable_pauses` share of clips,
  where a page break is drawn like a sentence-end pause, as real TTS sometimes does;
* a direction that does not follow the documented style is read aloud before the passages.

The emulator's syllable rule is its own ("how the voice pronounces"), deliberately not the
splitter's estimate in `moretale_assets.lib.narration_split`: a real model's timing is not our
estimate either. Everything is drawn from one `numpy` Generator, so a seed gives the same clip.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from moretale_assets.lib.scripts import (
    CLOSING_QUOTES,
    DASHES,
    HAN,
    HANGUL_SYLLABLES,
    KANA,
    LATIN_BASIC,
    PHRASE_MARKS,
    SENTENCE_END,
)

RATE = 24_000
FULL_SCALE = 32768.0
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_KANA_HAN = re.compile(f"[{KANA}{HAN}]")
_WORD = re.compile(rf"[{HANGUL_SYLLABLES}]+|[{LATIN_BASIC}']+|\d+|[{KANA}{HAN}]+")
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_END}])[{CLOSING_QUOTES})]*\s+")
_PHRASE_BREAK = re.compile(rf"(?<=[{PHRASE_MARKS}])\s+|\s+[{DASHES}]\s+")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Realism:
    """What shapes a realistic clip (a plain copy of the config's `SpeechRealism`)."""

    noise_floor_dbfs: float = -50.0
    breath_dbfs: float = -40.0
    breath_rate: float = 0.35
    rate_syl_s: tuple[float, float] = (3.5, 6.5)
    rate_jitter: float = 0.15
    unreliable_pauses: float = 0.3
    page_pause_s: float = 0.8


@dataclass
class Span:
    kind: str  # "passage" | "direction"
    index: int  # passage number from 0 (the direction is -1)
    text: str
    start: int  # first sample of its speech (the onset consonant included)
    end: int  # one past its last sample of speech
    syllables: int


@dataclass
class ClipTruth:
    """Where every piece of speech is in the returned PCM (samples at `sample_rate`)."""

    sample_rate: int
    samples: int
    rate_syl_s: float
    noise_floor_dbfs: float
    unreliable_pauses: bool
    direction_spoken: bool
    spans: list[Span] = field(default_factory=list)
    style: str | None = None  # the request's speechMetadata.style, if any (never spoken)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["passages"] = [[s.start, s.end] for s in self.spans if s.kind == "passage"]
        direction = [[s.start, s.end] for s in self.spans if s.kind == "direction"]
        out["direction"] = direction[0] if direction else None
        return out


def voice_syllables(word: str) -> int:
    """How many syllables this voice says for one word (see the module doc)."""
    hangul = len(_HANGUL.findall(word))
    if hangul:
        return hangul
    if word.isdigit():
        return 2 * len(word)
    if _KANA_HAN.match(word):
        return len(word)
    w = word.lower().strip("'")
    groups = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and groups > 1:
        groups -= 1  # "jumped" is one syllable
    return max(1, groups)


def _sentences(text: str) -> list[list[list[int]]]:
    """text → sentences → phrases → syllables per word."""
    out = []
    for sentence in _SENTENCE_END.split(text.strip()):
        phrases = []
        for phrase in _PHRASE_BREAK.split(sentence):
            words = [voice_syllables(w) for w in _WORD.findall(phrase)]
            if words:
                phrases.append(words)
        if phrases:
            out.append(phrases)
    return out


class _Voice:
    """Grains of a voiced signal: a few vowel colours, each a sum of harmonics of one F0."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        f0 = rng.uniform(170.0, 250.0)
        t = np.arange(int(0.6 * RATE)) / RATE
        self.tables = []
        for _ in range(5):
            weights = rng.uniform(0.2, 1.0, 7) / np.arange(1, 8) ** rng.uniform(0.6, 1.2)
            wave = sum(
                w * np.sin(2 * np.pi * (h + 1) * f0 * t + rng.uniform(0, 2 * np.pi))
                for h, w in enumerate(weights)
            )
            self.tables.append(wave / np.abs(wave).max())

    def grain(self, n: int, amplitude: float) -> np.ndarray:
        table = self.tables[int(self.rng.integers(len(self.tables)))]
        if n >= table.size:  # a slow syllable (the config allows rates down to 0.5 syl/s)
            table = np.tile(table, n // table.size + 2)
        offset = int(self.rng.integers(0, table.size - n))
        attack = max(1, int(n * self.rng.uniform(0.2, 0.35)))
        release = max(1, int(n * self.rng.uniform(0.3, 0.45)))
        env = np.ones(n)
        env[:attack] = np.sin(np.linspace(0, np.pi / 2, attack)) ** 2
        env[n - release :] = np.cos(np.linspace(0, np.pi / 2, release)) ** 2
        return amplitude * env * table[offset : offset + n]

    def consonant(self, n: int, amplitude: float) -> np.ndarray:
        noise = np.diff(self.rng.standard_normal(n + 1))  # hissy: energy in the highs
        return amplitude * np.hanning(n) * noise / 2.0


def render(
    pieces: list[tuple[str, str]],
    realism: Realism,
    rng: np.random.Generator,
    *,
    run_together: bool = False,
) -> tuple[np.ndarray, ClipTruth]:
    """Speak `pieces` ((kind, text), kind "direction" or "passage") into int16 PCM at 24 kHz.

    `run_together` leaves no pause at all between passages (the `split_unverifiable` fault)."""
    voice = _Voice(rng)
    lo, hi = realism.rate_syl_s
    clip_rate = float(rng.uniform(lo, hi))
    unreliable = bool(rng.random() < realism.unreliable_pauses)
    level = float(rng.uniform(0.3, 0.45)) * FULL_SCALE
    events: list[tuple[int, np.ndarray]] = []  # (start sample, signal) to add
    truth = ClipTruth(RATE, 0, round(clip_rate, 3), realism.noise_floor_dbfs, unreliable, False)
    cursor = int(rng.uniform(0.15, 0.4) * RATE)
    passage_no = 0
    for p, (kind, text) in enumerate(pieces):
        sentences = _sentences(text)
        if not sentences:
            continue
        if p > 0:
            if run_together:
                pause = rng.uniform(0.0, 0.05)
            elif unreliable:
                pause = rng.uniform(0.3, 0.7)
            else:
                pause = rng.uniform(0.75, 1.3) * realism.page_pause_s / 0.8
            cursor = _breathe(events, cursor, pause, realism, rng)
        start = cursor
        syllables = 0
        for s, phrases in enumerate(sentences):
            if s > 0:
                cursor = _breathe(events, cursor, rng.uniform(0.3, 0.7), realism, rng)
            rate = clip_rate * rng.uniform(1 - realism.rate_jitter, 1 + realism.rate_jitter)
            rate = min(max(rate, lo * (1 - realism.rate_jitter)), hi * (1 + realism.rate_jitter))
            total, said = sum(sum(words) for words in phrases), 0
            for ph, words in enumerate(phrases):
                if ph > 0:  # a comma is usually, not always, a pause
                    cursor += int(rng.uniform(0.12, 0.3) * RATE if rng.random() < 0.75 else 0)
                for w, count in enumerate(words):
                    if w > 0:
                        hesitation = rng.random() < 0.03  # a pause no punctuation asked for
                        gap = rng.uniform(0.15, 0.3) if hesitation else rng.uniform(0.0, 0.05)
                        cursor += int(gap * RATE)
                    for _ in range(count):
                        syllables += 1
                        said += 1
                        position = said / max(1, total)
                        n = int(rng.uniform(0.7, 1.3) / rate * RATE)
                        amp = level * rng.uniform(0.45, 1.0) * (1 - 0.25 * min(position, 1.0))
                        if rng.random() < 0.5:  # an onset consonant before the vowel
                            c = int(rng.uniform(0.02, 0.07) * RATE)
                            events.append((cursor, voice.consonant(c, amp * 0.25)))
                            cursor += c // 2
                        # Energy peaks are not syllables one to one: an unstressed
                        # syllable may barely rise, a long vowel may swell twice.
                        shape = rng.random()
                        if shape < 0.08:
                            amp *= 0.3
                        if shape > 0.95:
                            half = n // 2
                            events.append((cursor, voice.grain(int(half * 1.15), amp)))
                            events.append((cursor + half, voice.grain(int(half * 1.15), amp)))
                        else:  # overlaps the next grain a little
                            events.append((cursor, voice.grain(int(n * 1.15), amp)))
                        cursor += n
            cursor += int(0.15 * n)  # the last grain's overlap tail
        truth.spans.append(
            Span(
                kind,
                -1 if kind == "direction" else passage_no,
                text,
                start,
                cursor,
                syllables,
            )
        )
        if kind == "direction":
            truth.direction_spoken = True
        else:
            passage_no += 1
    total_n = cursor + int(rng.uniform(0.2, 0.5) * RATE)
    pcm = _noise_floor(total_n, realism.noise_floor_dbfs, rng)
    for at, signal in events:
        end = min(total_n, at + signal.size)
        pcm[at:end] += signal[: end - at]
    truth.samples = total_n
    return np.clip(np.rint(pcm), -32768, 32767).astype(np.int16), truth


def _breathe(
    events: list[tuple[int, np.ndarray]],
    cursor: int,
    pause_s: float,
    realism: Realism,
    rng: np.random.Generator,
) -> int:
    """Advance over a pause, with a breath at its end before some phrases."""
    pause = int(pause_s * RATE)
    if pause > int(0.35 * RATE) and rng.random() < realism.breath_rate:
        n = int(min(pause - 0.08 * RATE, rng.uniform(0.25, 0.45) * RATE))
        rms = FULL_SCALE * 10 ** ((realism.breath_dbfs + rng.uniform(-3, 3)) / 20)
        noise = np.diff(rng.standard_normal(n + 1))
        breath = np.hanning(n) * noise / np.sqrt(np.mean(noise**2)) * rms * np.sqrt(2.7)
        events.append((cursor + pause - n - int(rng.uniform(0.03, 0.08) * RATE), breath))
    return cursor + pause


def _noise_floor(n: int, dbfs: float, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n + 1)
    noise = white[1:] + 0.6 * white[:-1]  # a gentle low-pass: room noise is not white
    noise /= np.sqrt(np.mean(noise**2))
    wander = 10 ** (1.5 * np.sin(np.linspace(0, rng.uniform(2, 8), n) + rng.uniform(0, 6)) / 20)
    return noise * wander * FULL_SCALE * 10 ** (dbfs / 20)


def misaligned(
    segments: list[tuple[int, int]], truth: dict[str, Any], *, slack_s: float = 0.08
) -> list[bool]:
    """For each (start, end) segment a splitter cut for passage i of a clip, whether it misses
    part of passage i's speech (by more than `slack_s` at either end) or holds any of another
    passage's or the direction's speech (more than 30 ms). `truth` is the clip's ground truth
    as `GET /_emulator/speech/{responseId}` returns it."""
    rate = int(truth["sample_rate"])
    slack, touch = int(slack_s * rate), int(0.03 * rate)
    spans = truth["spans"]
    passages = [s for s in spans if s["kind"] == "passage"]
    out = []
    for i, (start, end) in enumerate(segments):
        if i >= len(passages):
            out.append(True)
            continue
        own = passages[i]
        bad = start > own["start"] + slack or end < own["end"] - slack
        for other in spans:
            if other is not own and min(end, other["end"]) - max(start, other["start"]) > touch:
                bad = True
        out.append(bad)
    return out

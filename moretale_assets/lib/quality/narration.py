"""Checks on a book's narration clips: sound, no clipping, a length and pace that fit the text.

The rate is measured over the speech itself (leading and trailing silence left out) and
counted in the unit each language is read in: words for languages written with spaces,
syllables for Korean (one Hangul block each), characters for Japanese and Chinese.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass

import numpy as np

from moretale_assets.lib.audio import decode_wav
from moretale_assets.lib.quality.model import CheckResult, PageResult, Report, Status
from moretale_assets.lib.quality.review import Transcriber, check_transcription
from moretale_assets.lib.quality.text import words
from moretale_assets.lib.scripts import HANGUL_SYLLABLES

_SYLLABLE = re.compile(f"[{HANGUL_SYLLABLES}]")
SILENT_PEAK = 500  # int16; quieter than this everywhere is no speech
CLIP_LEVEL = 32_000
CLIP_FAIL, CLIP_WARN = 0.005, 0.0005  # share of samples at the rail
END_SILENCE_WARN_S, END_SILENCE_FAIL_S = 0.75, 1.5
FRAME_S = 0.02


@dataclass(frozen=True)
class Pace:
    unit: str
    per_second: float  # a comfortable read-aloud pace
    ok: tuple[float, float]  # pass band, units per second
    tolerable: tuple[float, float]  # warn band; outside it fails


# Picture books are read aloud at about 130-160 words a minute in English.
PACES: dict[str, Pace] = {
    "words": Pace("words/min", 150 / 60, (120 / 60, 175 / 60), (95 / 60, 200 / 60)),
    "syllables": Pace("syllables/s", 4.2, (3.0, 5.6), (2.4, 6.6)),
    "characters": Pace("characters/s", 5.0, (3.0, 7.5), (2.2, 9.0)),
}
DURATION_BAND = (0.4, 2.5)  # actual/expected length outside this: not this page's text


@dataclass(frozen=True)
class Clip:
    page: int
    language: str
    text: str
    wav: bytes | None  # None: the file is missing
    provider: str = ""  # who spoke it ("offline", "gemini"); model speech gets transcribed


def units(text: str, language: str) -> tuple[float, Pace]:
    if language == "Korean":
        return len(_SYLLABLE.findall(text)), PACES["syllables"]
    if language in ("Japanese", "Chinese"):
        return sum(1 for ch in text if ch.isalpha()), PACES["characters"]
    return len(words(text)), PACES["words"]


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak: int
    clipped: float
    lead_s: float
    trail_s: float

    @property
    def speech_s(self) -> float:
        return max(0.0, self.seconds - self.lead_s - self.trail_s)


def measure(wav: bytes) -> Measured:
    pcm, rate = decode_wav(wav)
    x = np.abs(pcm.astype(np.int32))
    seconds = pcm.size / rate if rate else 0.0
    if x.size == 0:
        return Measured(0.0, 0, 0.0, 0.0, 0.0)
    frame = max(1, int(rate * FRAME_S))
    n = x.size // frame
    energy = x[: n * frame].reshape(n, frame).max(axis=1) if n else x[:1]
    # Quiet relative to the clip's loudest speech, with a floor for a real service's noise.
    loud = np.nonzero(energy >= max(300, int(energy.max() * 0.05)))[0]
    lead = loud[0] * FRAME_S if loud.size else seconds
    trail = (n - 1 - loud[-1]) * FRAME_S if loud.size else 0.0
    return Measured(
        seconds=seconds,
        peak=int(x.max()),
        clipped=float(np.count_nonzero(x >= CLIP_LEVEL)) / x.size,
        lead_s=float(lead),
        trail_s=float(trail),
    )


def _band(value: float, ok: tuple[float, float], tolerable: tuple[float, float]) -> Status:
    if ok[0] <= value <= ok[1]:
        return "pass"
    return "warn" if tolerable[0] <= value <= tolerable[1] else "fail"


def check_narration(clips: list[Clip], transcriber: Transcriber | None = None) -> Report:
    """Sound, clipping, length, pace and end silence of every clip; with a `transcriber` (the
    Gemini text model), clips a model spoke are transcribed back and compared with their text."""
    names = ("audio_present", "not_silent", "not_clipped", "duration_fits_text",
             "read_aloud_rate", "end_silence")  # fmt: skip
    severities = {"audio_present": "blocking", "not_silent": "blocking"}
    results: dict[str, dict[int, PageResult]] = {n: {} for n in names}

    def note(check: str, page: int, status: Status, reason: str = "") -> None:
        r = results[check].setdefault(page, PageResult(page=page))
        if (
            status != "pass"
            and {"pass": 0, "warn": 1, "fail": 2}[status]
            >= {
                "pass": 0,
                "warn": 1,
                "fail": 2,
            }[r.status]
        ):
            r.status = status
        if reason:
            r.reasons.append(reason)

    for clip in clips:
        tag = f"{clip.language}:"
        if clip.wav is None:
            note("audio_present", clip.page, "fail", f"{tag} no file")
            continue
        try:
            m = measure(clip.wav)
        except (wave.Error, ValueError, EOFError) as exc:
            note("audio_present", clip.page, "fail", f"{tag} unreadable WAV ({exc})")
            continue
        note("audio_present", clip.page, "pass")
        if m.peak < SILENT_PEAK:
            note("not_silent", clip.page, "fail", f"{tag} silent (peak {m.peak})")
            continue
        note("not_silent", clip.page, "pass")
        clip_status: Status = (
            "fail" if m.clipped > CLIP_FAIL else "warn" if m.clipped > CLIP_WARN else "pass"
        )
        clipped = f"{tag} {m.clipped:.2%} of samples clipped"
        note("not_clipped", clip.page, clip_status, clipped if clip_status != "pass" else "")
        n, pace = units(clip.text, clip.language)
        expected = n / pace.per_second
        ratio = m.seconds / expected if expected else 0.0
        ok = DURATION_BAND[0] <= ratio <= DURATION_BAND[1]
        long = f"{tag} {m.seconds:.1f} s for text expected to take {expected:.1f} s"
        note("duration_fits_text", clip.page, "pass" if ok else "fail", "" if ok else long)
        rate = n / m.speech_s if m.speech_s else 0.0
        shown = rate * 60 if pace.unit == "words/min" else rate
        status = _band(rate, pace.ok, pace.tolerable)
        note("read_aloud_rate", clip.page, status, f"{tag} {shown:.0f} {pace.unit}"
             if pace.unit == "words/min" else f"{tag} {shown:.1f} {pace.unit}")  # fmt: skip
        ends = max(m.lead_s, m.trail_s)
        end_status: Status = (
            "fail" if ends > END_SILENCE_FAIL_S else "warn" if ends > END_SILENCE_WARN_S else "pass"
        )
        note("end_silence", clip.page, end_status,
             f"{tag} {m.lead_s:.2f} s before, {m.trail_s:.2f} s after" if end_status != "pass"
             else "")  # fmt: skip
    return Report(
        checks=[
            CheckResult(
                name=n,
                severity=severities.get(n, "warning"),  # type: ignore[arg-type]
                pages=sorted(results[n].values(), key=lambda p: p.page),
            )
            for n in names
        ]
        + [_transcription(clips, transcriber)]
    )


def _transcription(clips: list[Clip], transcriber: Transcriber | None) -> CheckResult:
    spoken = [c for c in clips if c.provider != "offline"]
    if transcriber is None or not spoken:
        why = "offline narration (espeak reads the text itself)" if not spoken else "not asked for"
        return CheckResult(name="transcription_matches", severity="warning", ran=False, note=why)
    return check_transcription(spoken, transcriber)


def words_per_minute(text: str, wav: bytes) -> float:
    """English read-aloud pace of one clip (for the bench and tests)."""
    m = measure(wav)
    return len(words(text)) / m.speech_s * 60 if m.speech_s else 0.0

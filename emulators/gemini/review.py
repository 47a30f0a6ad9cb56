"""The text model as a reviewer, answering from what the emulator itself said and drew.

A real model transcribes audio and looks at pictures; the emulator cannot, but it knows what it
made: every realistic TTS clip it returned (its samples and where each passage is) and every
picture it drew (the things in its scene, the hero's look, lettering a fault drew into it).

* Transcription (a text request with audio inline, WAV or L16 PCM): the clip is found among
  those it returned by its samples (a page's clip is a slice of a returned clip, stored
  unchanged); the passages the slice covers, a direction read aloud included, are the
  transcript, with word errors at `review.word_error_rate` (a letter or syllable misheard, a
  word dropped). Audio it did not make: it says it heard no speech it could make out.
* Looking at a picture (JSON with an image inline; a `things: a, b` line lists what to look
  for): a thing is present when the picture's scene drew it, each missed at `review.miss_rate`;
  lettering is seen when a `draws_text` fault drew it (missed at the same rate); the hero is the
  cover's (a second image) when their looks match (the `other_character` fault draws someone
  else), misjudged at half that rate. A picture it did not draw: it reports seeing nothing.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import random
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from moretale_assets.lib.audio import decode_wav
from moretale_assets.lib.scripts import HANGUL_FIRST, HANGUL_LAST

PROBE = 64  # samples matched exactly to find a slice in a kept clip
_THINGS_LINE = re.compile(r"^\s*things\s*:\s*(.*)$", re.IGNORECASE | re.MULTILINE)
UNHEARD = "(no speech I can make out)"


@dataclass(frozen=True)
class PictureTruth:
    things: frozenset[str]
    hero: tuple[str | None, ...]  # species, hair, hair style, skin, as the prompt described
    lettering: str  # what a `draws_text` fault wrote into it ("" when nothing)


@dataclass(frozen=True)
class _Clip:
    pcm: np.ndarray
    spans: tuple[tuple[int, int, str], ...]  # (start, end, text) in samples


class Memory:
    """What the emulator returned, bounded: pictures by their bytes, clips by their samples."""

    def __init__(self, audio_budget_bytes: int, picture_limit: int) -> None:
        self._lock = threading.Lock()
        self.audio_budget, self.picture_limit = audio_budget_bytes, picture_limit
        self.pictures: collections.OrderedDict[bytes, PictureTruth] = collections.OrderedDict()
        self.clips: collections.deque[_Clip] = collections.deque()
        self._audio_bytes = 0

    def remember_picture(self, png: bytes, truth: PictureTruth) -> None:
        with self._lock:
            self.pictures[_key(png)] = truth
            while len(self.pictures) > self.picture_limit:
                self.pictures.popitem(last=False)

    def picture(self, png: bytes) -> PictureTruth | None:
        with self._lock:
            return self.pictures.get(_key(png))

    def remember_clip(self, pcm: np.ndarray, spans: list[tuple[int, int, str]]) -> None:
        with self._lock:
            self.clips.append(_Clip(pcm, tuple(spans)))
            self._audio_bytes += pcm.nbytes
            while self._audio_bytes > self.audio_budget and self.clips:
                self._audio_bytes -= self.clips.popleft().pcm.nbytes

    def heard(self, pcm: np.ndarray) -> list[str] | None:
        """The texts of the passages this slice of a kept clip covers (None: not ours)."""
        if pcm.size < PROBE * 2:
            return None
        at = int(np.argmax(np.abs(pcm[: pcm.size - PROBE].astype(np.int32))))
        probe = pcm[at : at + PROBE]
        with self._lock:
            clips = list(self.clips)
        for clip in reversed(clips):
            x = clip.pcm
            for c in np.flatnonzero(x[: max(0, x.size - PROBE + 1)] == probe[0]):
                if np.array_equal(x[c : c + PROBE], probe):
                    lo, hi = int(c) - at, int(c) - at + pcm.size
                    return [t for s, e, t in clip.spans if min(e, hi) - max(s, lo) > (e - s) / 2]
        return None


def _key(png: bytes) -> bytes:
    return hashlib.sha256(png).digest()


def media(body_parts: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """(mime type, bytes) of each inline part of a request's user turns."""
    out = []
    for part in body_parts:
        inline = part.get("inlineData") or part.get("inline_data")
        if isinstance(inline, dict) and isinstance(inline.get("data"), str):
            mime = str(inline.get("mimeType") or inline.get("mime_type") or "")
            out.append((mime, _b64(inline["data"])))
    return out


def _b64(data: str) -> bytes:
    # google-genai sends URL-safe base64 without padding; other clients send the standard form.
    return base64.urlsafe_b64decode(
        data.replace("+", "-").replace("/", "_") + "=" * (-len(data) % 4)
    )


def _pcm(mime: str, data: bytes) -> np.ndarray | None:
    if mime in ("audio/wav", "audio/x-wav", "audio/wave"):
        try:
            return decode_wav(data)[0]
        except Exception:  # a file it cannot read is audio it cannot hear
            return None
    if mime.startswith("audio/l16") or mime.startswith("audio/pcm"):
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
    return None


def _misheard(word: str, rng: random.Random) -> str:
    """One letter or Hangul syllable of `word` heard as a near one."""
    spots = [i for i, ch in enumerate(word) if ch.isalpha()]
    if not spots:
        return word
    i = rng.choice(spots)
    ch = word[i]
    if HANGUL_FIRST <= ord(ch) <= HANGUL_LAST:  # another vowel in the same syllable block
        code = ord(ch) - HANGUL_FIRST
        vowel = (code // 28 % 21 + rng.choice((1, 2, 20))) % 21
        ch = chr(HANGUL_FIRST + code // 588 * 588 + vowel * 28 + code % 28)
    else:
        pool = "aeiou" if ch.lower() in "aeiou" else "bdgkmnprst"
        ch = rng.choice([c for c in pool if c != ch.lower()] or [ch])
    return word[:i] + ch + word[i + 1 :]


def garble(text: str, rng: random.Random, rate: float) -> str:
    out = []
    for word in text.split():
        u = rng.random()
        if u < rate / 4:
            continue  # dropped
        out.append(_misheard(word, rng) if u < rate else word)
    return " ".join(out)


def transcribe(inline: list[tuple[str, bytes]], memory: Memory, rng: random.Random,
               word_error_rate: float) -> str:  # fmt: skip
    for mime, data in inline:
        pcm = _pcm(mime.lower(), data)
        if pcm is None:
            continue
        texts = memory.heard(pcm)
        if texts:
            return garble(" ".join(texts), rng, word_error_rate)
    return UNHEARD


def look(text: str, inline: list[tuple[str, bytes]], memory: Memory, rng: random.Random,
         miss_rate: float) -> dict[str, Any]:  # fmt: skip
    """What the reviewer says it sees, in the field names the review schema uses."""
    images = [data for mime, data in inline if mime.startswith("image/")]
    m = _THINGS_LINE.search(text)
    asked = [t.strip().lower() for t in (m[1].split(",") if m else []) if t.strip()]
    page = memory.picture(images[0]) if images else None
    if page is None:
        unknown = "I cannot make out this picture."
        return {"text_in_picture": False, "text_seen": "", "present": [], "missing": asked,
                "same_character_as_cover": False, "notes": unknown}  # fmt: skip
    present = [t for t in asked if t in page.things and rng.random() >= miss_rate]
    lettering = bool(page.lettering) and rng.random() >= miss_rate
    cover = memory.picture(images[1]) if len(images) > 1 else None
    same: bool | None = None
    if cover is not None:
        same = (page.hero == cover.hero) != (rng.random() < miss_rate / 2)
    return {
        "text_in_picture": lettering,
        "text_seen": page.lettering if lettering else "",
        "present": present,
        "missing": [t for t in asked if t not in present],
        "same_character_as_cover": same,
        "notes": "",
    }

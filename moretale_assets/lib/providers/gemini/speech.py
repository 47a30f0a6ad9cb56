"""Narration: PCM from the TTS model → 24 kHz mono 16-bit WAV; several pages per request.

A batch is one recording of several passages, split by `lib.narration_split` (boundaries by
content, each segment verified). Segments that verify are kept; the passages whose segments
do not are asked for again — a chunk that verified nowhere is halved (8 → 4+4 → 2+2 → 1) — and
a passage that cannot be verified even alone comes back as None for the caller to narrate
with `synthesize`.

A request uses the markup its model family documents (`config.speech_markup`): 3.8 TTS models
read the text verbatim, so the style goes in the part's `speech_metadata` and nothing but the
passages is in the text; older families take the documented "Say in a … voice:" prefix. Either
way the family's long-pause tag ends every passage but the last, asking for a page break the
model may or may not honour (providers-notes §C). When a prefix is sent the splitter still
looks for it read aloud and cuts it off.
"""

from __future__ import annotations

import collections
import re
import statistics
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from google.genai import types

from moretale_assets.lib import audio, narration_split
from moretale_assets.lib.providers.base import ProviderError, Speech
from moretale_assets.lib.providers.gemini.client import GeminiCaller
from moretale_assets.lib.providers.gemini.config import speech_markup


def _prompt(name: str) -> str:
    path = resources.files(__package__).joinpath("prompts", name)
    return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class SplitRecord:
    """One TTS reply and how it was split: for metadata, debugging and the tests' ground-truth
    comparison (`response_id` is the reply's responseId)."""

    response_id: str | None
    texts: tuple[str, ...]
    indices: tuple[int, ...]  # each text's index in the synthesize_many call
    spans: tuple[tuple[int, int], ...]  # samples of each passage's clip in the reply's PCM
    trusted: tuple[bool, ...]
    problems: tuple[str, ...]


def _rate(mime: str) -> int:
    match = re.search(r"rate=(\d+)", mime or "")
    return int(match.group(1)) if match else audio.SAMPLE_RATE


class GeminiSpeech:
    provider = "gemini"

    def __init__(self, caller: GeminiCaller) -> None:
        self.caller = caller
        self.model = caller.config.tts_model
        self.markup = speech_markup(self.model)
        self.requests = 0
        self.splits: collections.deque[SplitRecord] = collections.deque(maxlen=256)
        # Per (voice, language), because both differ between voices and between languages
        # (espeak-ng finds 1.2 nuclei per Korean syllable and 1.5 per English one):
        # syllable nuclei per expected syllable, from clips that verified whole — once known,
        # a clip holding more speech than its text (a direction read aloud) stands out —
        self._kappas: dict[tuple[str, str], collections.deque[float]] = collections.defaultdict(
            lambda: collections.deque(maxlen=25)
        )
        # and the nuclei deviations of segments in clean splits (every boundary unambiguous,
        # every segment's voiced time on its share): their spread is the voice's nuclei noise.
        self._nuclei_devs: dict[tuple[str, str], collections.deque[float]] = (
            collections.defaultdict(lambda: collections.deque(maxlen=200))
        )

    def kappa(self, voice: str, language: str) -> float | None:
        kappas = self._kappas[voice, language]
        return statistics.median(kappas) if len(kappas) >= 3 else None

    def nuclei_spread(self, voice: str, language: str) -> float | None:
        devs = self._nuclei_devs[voice, language]
        return float(np.sqrt(np.mean(np.square(devs)))) if len(devs) >= 24 else None

    def _split(
        self, pcm: np.ndarray, texts: list[str], language: str, voice: str, direction: str | None
    ) -> narration_split.Split:
        split = narration_split.split_clip(
            pcm,
            texts,
            language,
            preamble=direction,
            kappa=self.kappa(voice, language),
            nuclei_spread=self.nuclei_spread(voice, language),
        )
        if len(texts) > 1 and split.verified and split.preamble is None:
            self._kappas[voice, language].append(split.kappa)
        clean = (
            len(texts) > 2
            and not split.problems
            and split.preamble is None
            and split.margin >= narration_split.MIN_MARGIN
            and all(
                abs(s.time_deviation) <= narration_split.MAX_TIME_DEVIATION for s in split.segments
            )
        )
        if clean:
            self._nuclei_devs[voice, language].extend(s.nuclei_deviation for s in split.segments)
        return split

    def _config(self, voice: str) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            response_modalities=["AUDIO"],
            speech_config=types.SpeechConfig(
                voice_config=types.VoiceConfig(
                    prebuilt_voice_config=types.PrebuiltVoiceConfig(voice_name=voice)
                )
            ),
        )

    def _request(self, texts: list[str], language: str) -> tuple[Any, str | None]:
        """The request's contents for `texts` in the model family's markup, and the direction
        written into the text (None when the style travels in `speech_metadata`)."""
        style = _prompt("tts_style.txt").format(language=language)
        joined = f" {self.markup.pause_tag}\n\n".join(texts)
        if self.markup.style_in_metadata:
            part = types.Part(text=joined, speech_metadata=types.SpeechMetadata(style=style))
            return [types.Content(role="user", parts=[part])], None
        direction = self.markup.direct(style, "").strip()
        return self.markup.direct(style, joined), direction

    def _pcm(self, contents: Any, voice: str) -> tuple[np.ndarray, str | None]:
        self.requests += 1
        call = self.caller.generate(self.model, contents, self._config(voice))
        response = call.response
        chunks, rate = [], audio.SAMPLE_RATE
        for cand in response.candidates or []:
            for part in (cand.content.parts if cand.content else None) or []:
                data = getattr(part, "inline_data", None)
                if data is not None and data.data:
                    mime = data.mime_type or ""
                    if "wav" in mime:
                        pcm, rate = audio.decode_wav(data.data)
                        chunks.append(pcm)
                    else:
                        rate = _rate(mime)
                        raw = data.data[: len(data.data) - len(data.data) % 2]
                        chunks.append(np.frombuffer(raw, dtype="<i2").astype(np.int16))
        if not chunks:
            reason = response.candidates[0].finish_reason if response.candidates else None
            raise ProviderError(f"{self.model} returned no audio (finish reason {reason})")
        return audio.resample(np.concatenate(chunks), rate), response.response_id

    def _speech(self, pcm: np.ndarray, voice: str) -> Speech:
        return Speech(audio.encode_wav(pcm), self.model, voice, pcm.size / audio.SAMPLE_RATE)

    def _record(
        self,
        response_id: str | None,
        texts: list[str],
        indices: list[int],
        split: narration_split.Split,
    ) -> None:
        self.splits.append(
            SplitRecord(
                response_id,
                tuple(texts),
                tuple(indices),
                tuple((s.start, s.end) for s in split.segments),
                tuple(split.trusted()),
                tuple(split.problems) + tuple(p for s in split.segments for p in s.problems),
            )
        )

    def synthesize(self, text: str, *, language: str, voice: str) -> Speech:
        """One page alone; a direction read aloud is cut off when the split finds one."""
        contents, direction = self._request([text.replace("\n", " ").strip()], language)
        pcm, response_id = self._pcm(contents, voice)
        split = self._split(pcm, [text], language, voice, direction)
        self._record(response_id, [text], [0], split)
        if split.segments:
            seg = split.segments[0]
            return self._speech(pcm[seg.start : seg.end], voice)
        return self._speech(pcm, voice)

    def synthesize_many(
        self, texts: list[str], *, language: str, voice: str
    ) -> list[Speech | None]:
        """Several pages of one language; None for a page whose speech could not be verified
        even in a request of its own (the caller narrates it with `synthesize`). A
        ProviderError means the chunk failed as a whole."""
        out: list[Speech | None] = [None] * len(texts)
        self._narrate(texts, list(range(len(texts))), language, voice, out)
        return out

    def _narrate(
        self,
        texts: list[str],
        indices: list[int],
        language: str,
        voice: str,
        out: list[Speech | None],
    ) -> None:
        group = [texts[i].replace("\n", " ").strip() for i in indices]
        contents, direction = self._request(group, language)
        pcm, response_id = self._pcm(contents, voice)
        split = self._split(pcm, group, language, voice, direction)
        self._record(response_id, group, indices, split)
        trusted = split.trusted() if split.segments else [False] * len(group)
        for i, ok in enumerate(trusted):
            if ok:
                seg = split.segments[i]
                out[indices[i]] = self._speech(pcm[seg.start : seg.end], voice)
        if len(group) == 1 or all(trusted):
            return
        if not any(trusted):  # nothing to keep: halve the chunk
            mid = len(indices) // 2
            self._narrate(texts, indices[:mid], language, voice, out)
            self._narrate(texts, indices[mid:], language, voice, out)
            return
        # Ask again, in one request, for every passage whose segment did not verify: the
        # passages need not be neighbours, each is split and verified by its own text.
        rest = [idx for idx, ok in zip(indices, trusted, strict=True) if not ok]
        self._narrate(texts, rest, language, voice, out)

"""Narration: PCM from the TTS model → 24 kHz mono 16-bit WAV; several pages per request."""

from __future__ import annotations

import re

import numpy as np
from google.genai import types

from moretale_assets.lib import audio
from moretale_assets.lib.providers.base import ProviderError, Speech
from moretale_assets.lib.providers.gemini.client import GeminiCaller


class SplitNotVerified(ProviderError):
    def __init__(self, pages: int) -> None:
        super().__init__(
            f"could not split one recording into {pages} passages; falling back to one request "
            "per page",
            retryable=False,
            code="SPLIT_NOT_VERIFIED",
        )


def _rate(mime: str) -> int:
    match = re.search(r"rate=(\d+)", mime or "")
    return int(match.group(1)) if match else audio.SAMPLE_RATE


class GeminiSpeech:
    provider = "gemini"

    def __init__(self, caller: GeminiCaller) -> None:
        self.caller = caller
        self.model = caller.config.tts_model

    def _config(self, voice: str) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            response_modalities=["AUDIO"],
            speech_config=types.SpeechConfig(
                voice_config=types.VoiceConfig(
                    prebuilt_voice_config=types.PrebuiltVoiceConfig(voice_name=voice)
                )
            ),
        )

    def _pcm(self, prompt: str, voice: str) -> np.ndarray:
        call = self.caller.generate(self.model, prompt, self._config(voice))
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
        return audio.resample(np.concatenate(chunks), rate)

    def synthesize(self, text: str, *, language: str, voice: str) -> Speech:
        prompt = f"Read in natural {language} children's storytelling tone.\n{text}"
        pcm = self._pcm(prompt, voice)
        return Speech(audio.encode_wav(pcm), self.model, voice, pcm.size / audio.SAMPLE_RATE)

    def synthesize_many(self, texts: list[str], *, language: str, voice: str) -> list[Speech]:
        """Several pages in one request (the TTS daily quota is the real ceiling), split at the
        pauses between passages; raises SplitNotVerified when the split cannot be trusted."""
        if len(texts) == 1:
            return [self.synthesize(texts[0], language=language, voice=voice)]
        prompt = (
            f"Read each passage below in natural {language} children's storytelling tone. "
            "Pause for about one second between passages. Read only the passages.\n\n"
            + "\n\n".join(t.replace("\n", " ") for t in texts)
        )
        pcm = self._pcm(prompt, voice)
        segments = audio.split_passages(pcm, [len(t) for t in texts])
        if segments is None:
            raise SplitNotVerified(len(texts))
        return [
            Speech(audio.encode_wav(s), self.model, voice, s.size / audio.SAMPLE_RATE)
            for s in segments
        ]

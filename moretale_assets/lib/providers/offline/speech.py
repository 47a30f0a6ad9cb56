"""espeak-ng speech from the `espeakng-loader` wheel, driven in-process through ctypes.

The wheel bundles libespeak-ng and its data, so no system package is needed. espeak-ng is
GPL-3.0-or-later; loading it in-process is why MoreTale itself is GPL-3.0-or-later.
"""

from __future__ import annotations

import ctypes
import threading
from array import array
from typing import ClassVar

import espeakng_loader
import numpy as np

from moretale_assets.lib.audio import encode_wav, resample
from moretale_assets.lib.languages import language
from moretale_assets.lib.providers.base import ProviderError, Speech

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_RATE = 1  # espeak_PARAMETER: speaking speed in espeak's words per minute
_DEFAULT_RATE = 175  # espeak's own default
# espeak's "words per minute" is its own scale: 175 reads English at ~200 real words a minute,
# too fast to follow a picture book (read aloud at 130-160). These are set so the pages come out
# at ~150 words a minute (English) and ~4.5 syllables a second (Korean), measured by the
# read_aloud_rate quality check (bench/quality.py prints the figure).
RATES: dict[str, int] = {"en-us": 135, "ko": 160}
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Engine:
    """The library has process-global state, so one engine per process, used under a lock."""

    _instance: ClassVar[_Engine | None] = None
    _create_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lib = ctypes.cdll.LoadLibrary(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path().encode()
        self.rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if self.rate <= 0:
            raise ProviderError("espeak-ng failed to initialise", retryable=False)
        self._buf = array("h")
        # Keep a reference: ctypes frees the trampoline when the Python object dies.
        self._callback = _SYNTH_CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]

    @classmethod
    def get(cls) -> _Engine:
        with cls._create_lock:
            if cls._instance is None:
                cls._instance = _Engine()
            return cls._instance

    def _collect(self, wav: ctypes.Array, n: int, _events: int) -> int:
        if wav and n > 0:
            self._buf.frombytes(ctypes.string_at(wav, n * 2))
        return 0

    def speak(self, text: str, voice: str) -> np.ndarray:
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ProviderError(f"espeak-ng has no voice {voice!r}", retryable=False)
            self.lib.espeak_SetParameter(_ESPEAK_RATE, RATES.get(voice, _DEFAULT_RATE), 0)
            self._buf = array("h")
            encoded = text.encode("utf-8") + b"\0"
            status = self.lib.espeak_Synth(
                encoded, len(encoded), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None
            )
            self.lib.espeak_Synchronize()
            if status != 0:
                raise ProviderError(f"espeak-ng synthesis failed (status {status})")
            return np.frombuffer(self._buf, dtype=np.int16).copy()


class EspeakSpeech:
    """Offline narration: every allowlisted language, 24 kHz mono 16-bit WAV."""

    provider = "offline"
    model = "espeak-ng"

    def synthesize(self, text: str, *, language: str, voice: str) -> Speech:
        if not text.strip():
            raise ProviderError("nothing to say: the text is empty", retryable=False)
        espeak_voice = _voice_for(language)
        engine = _Engine.get()
        pcm = resample(engine.speak(text, espeak_voice), engine.rate)
        if pcm.size == 0:
            raise ProviderError(f"espeak-ng produced no audio for voice {espeak_voice!r}")
        # `voice` names a Gemini voice; offline speech always uses the language's espeak voice.
        return Speech(
            wav=encode_wav(pcm),
            model=self.model,
            voice=f"espeak:{espeak_voice}",
            duration_s=pcm.size / 24_000,
        )


def _voice_for(lang: str) -> str:
    try:
        return language(lang).espeak_voice
    except ValueError as exc:
        raise ProviderError(str(exc), retryable=False) from exc

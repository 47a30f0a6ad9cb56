"""WAV and PCM helpers. Every provider's speech ends up as 24 kHz, mono, 16-bit PCM WAV."""

from __future__ import annotations

import io
import wave

import numpy as np

SAMPLE_RATE = 24_000
SAMPLE_WIDTH = 2  # bytes: 16-bit
CHANNELS = 1


def resample(pcm: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Linear-interpolation resampling of int16 mono PCM (speech only needs ~11 kHz bandwidth)."""
    if from_rate == to_rate or pcm.size == 0:
        return pcm.astype(np.int16, copy=False)
    n_out = round(pcm.size * to_rate / from_rate)
    positions = np.arange(n_out, dtype=np.float64) * (from_rate / to_rate)
    out = np.interp(positions, np.arange(pcm.size, dtype=np.float64), pcm.astype(np.float64))
    return np.clip(np.rint(out), -32768, 32767).astype(np.int16)


def encode_wav(pcm: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2", copy=False).tobytes())
    return buf.getvalue()


def decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Return (int16 mono samples, sample rate); raise ValueError for anything but 16-bit mono."""
    with wave.open(io.BytesIO(data), "rb") as w:
        if w.getsampwidth() != SAMPLE_WIDTH or w.getnchannels() != CHANNELS:
            raise ValueError(
                f"expected 16-bit mono WAV, got {8 * w.getsampwidth()}-bit "
                f"{w.getnchannels()}-channel"
            )
        frames = w.readframes(w.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.int16), w.getframerate()


def duration_s(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def is_valid_speech(data: bytes, *, min_seconds: float = 0.2, min_peak: int = 500) -> bool:
    """True for a 24 kHz 16-bit mono WAV that holds audible sound (used to skip finished pages)."""
    try:
        pcm, rate = decode_wav(data)
    except (wave.Error, ValueError, EOFError):
        return False
    if rate != SAMPLE_RATE or pcm.size < min_seconds * rate:
        return False
    return int(np.abs(pcm.astype(np.int32)).max()) >= min_peak

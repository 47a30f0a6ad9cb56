"""The narration split on hand-built audio, where every pause is known: a pause holding a quiet
syllable is two word gaps, not a page break; and which neighbour problems cost a passage its
trust. (The realistic emulator's clips are split in tests/providers/test_gemini_speech.py.)"""

from __future__ import annotations

import numpy as np

from moretale_assets.lib import narration_split
from moretale_assets.lib.narration_split import Segment, Split

RATE = 24_000
FULL = 32768.0


def tone(seconds: float, dbfs: float, f0: float = 200.0) -> np.ndarray:
    """A voiced syllable: a few harmonics of `f0` under a smooth envelope, at `dbfs` RMS."""
    t = np.arange(int(seconds * RATE)) / RATE
    wave = sum(np.sin(2 * np.pi * h * f0 * t) / h for h in range(1, 5))
    wave = wave * np.hanning(t.size)
    return wave / np.sqrt(np.mean(wave**2)) * FULL * 10 ** (dbfs / 20)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE))


def word(syllables: int) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for _ in range(syllables):
        out += [tone(0.18, -14.0), silence(0.02)]
    return out


def passage(words: list[int]) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for i, n in enumerate(words):
        if i:
            out.append(silence(0.06))  # a word join: far shorter than any pause
        out += word(n)
    return out


def test_a_pause_around_a_quiet_syllable_is_two_word_gaps_not_a_page_break() -> None:
    """Inside passage A, a word said softly (tonal, above the floor, under the voiced level)
    with 0.25 s of floor on each side: 0.62 s without voiced sound, one word before A ends and
    longer than the true page break after it (0.45 s). Measured by its longest stretch free of
    quiet voice, it is two word gaps, and the boundary goes in the real page pause."""
    rng = np.random.default_rng(1)
    pieces = [silence(0.3), *passage([3, 3, 3, 3])]
    soft = sum(p.size for p in pieces)
    pieces += [silence(0.25), tone(0.12, -47.0), silence(0.25), *word(1)]
    boundary = (sum(p.size for p in pieces), sum(p.size for p in pieces) + int(0.45 * RATE))
    pieces += [silence(0.45), *passage([3, 3, 3, 3, 2]), silence(0.3)]
    pcm = np.concatenate(pieces)
    pcm = pcm + rng.standard_normal(pcm.size) * FULL * 10 ** (-60 / 20)  # the noise floor
    pcm = np.clip(np.rint(pcm), -32768, 32767).astype(np.int16)

    a = narration_split.analyse(pcm)
    # To the voiced test both are pauses, the one around the soft word the longer.
    (p1, q1), (p2, q2) = a.pauses
    assert p1 * a.frame <= soft + int(0.1 * RATE) and q1 - p1 > q2 - p2 >= 40, a.pauses
    texts = ["가나다 라마바 사아자 차카타 파 하", "가나다 라마바 사아자 차카타 파하"]
    split = narration_split.split_clip(pcm, texts, "Korean")
    (cut,) = split.cuts
    assert boundary[0] <= cut * a.frame < boundary[1], (cut * a.frame, boundary)
    assert split.segments[1].start >= boundary[0]
    assert split.verified, [s.problems for s in split.segments]


def seg(*problems: str, local: int = 0) -> Segment:
    return Segment(0, 1, 10.0, 0.0, 0.0, 5.0, problems, local)


def split_of(*segments: Segment) -> Split:
    return Split(list(segments), None, [], 0.0, 10.0, -50.0)


def test_only_local_doubts_of_a_neighbour_leave_a_passage_trusted() -> None:
    """A rival pause a word away or quiet voice at one boundary concerns the two segments that
    share it; an ambiguous boundary or a length off its share may have moved other boundaries
    with it (the DP fits them together), so it costs the neighbours their trust too."""
    rival = "a pause as long as the boundary's a word away"
    local = split_of(seg(), seg(rival, local=1), seg(rival, local=1), seg())
    assert local.trusted() == [True, False, False, True]
    ambiguous = "ambiguous boundary: a move costs only 1.70"
    shaky = split_of(seg(), seg(ambiguous), seg(ambiguous), seg())
    assert shaky.trusted() == [False, False, False, False]
    long = split_of(seg(), seg("voiced time 1.40x its share"), seg(), seg())
    assert long.trusted() == [False, False, False, True]

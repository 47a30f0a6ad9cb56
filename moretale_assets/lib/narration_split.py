"""Split one TTS recording of several passages into one clip per passage, and verify it.

Real TTS audio has no digital silence: a noise floor, breaths, a rate that drifts, and page
pauses that are sometimes no longer than a sentence pause. So nothing here uses a fixed
level or "the longest gaps":

1. `analyse`: 10 ms frames; the clip's own noise floor (a low percentile of frame energy) and
   speech level; a frame is *voiced* when it stands well above the floor, within reach of the
   speech level and is not hiss (breaths and the floor cross zero far more often than a
   voice). Every run of unvoiced frames of at least `MIN_PAUSE_S` is a candidate pause, and
   syllable nuclei are counted as peaks of the voiced energy envelope. A pause is as long as
   its longest stretch free of quiet voice (a soft syllable in its middle makes two word
   gaps, not a sentence pause), and a boundary there is cut in its longest stretch of plain
   floor, so a soft first or last syllable stays with its own passage.
2. `split_clip`: dynamic programming over the candidates picks the boundaries whose segments
   best fit each passage's expected length in syllables (`expected_syllables`: Hangul
   syllables count one each, Latin words by vowel groups), both in voiced time (at the clip's
   own rate) and in nuclei counted, with a preference for longer pauses (a page break is
   usually, not always, the longer pause: `PAUSE_WEIGHT`). A direction
   that the model may have read aloud (`preamble`) is tried as an extra leading piece.
3. `verify`: every segment must hold about its passage's share of the clip's voiced time and
   of its syllable nuclei, at a plausible absolute rate, and neither of its boundaries may be
   movable to another pause at a similar cost (an ambiguous boundary is a guess: a page that
   starts "Splash!" after a sentence-length page pause cannot be told from its neighbour's
   end by timing alone). Nor may a boundary pause hold quiet tonal sound (a soft first or
   last syllable the voiced test missed: the pause's middle may cut through it), or, unless
   every move of it is clearly dearer, have a pause as long within a word or two (a shift by
   one word barely changes any share). A split off by one passage fails the share checks:
   one segment holds two passages or a fragment. Segments are judged one by one
   (`Split.trusted`), so a caller can keep the good ones and ask again only for the rest; a
   segment is trusted only if its neighbours have no doubt beyond a local one (a rival pause
   or quiet voice at a boundary): an ambiguous boundary or a length off its share may have
   moved the boundaries next to it, since the dynamic programming fits them together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from moretale_assets.lib.audio import SAMPLE_RATE
from moretale_assets.lib.scripts import (
    CLOSING_QUOTES,
    DASHES,
    HAN,
    HANGUL_SYLLABLES,
    KANA,
    LATIN_1,
    LATIN_BASIC,
    PHRASE_MARKS,
    SENTENCE_END,
)

FRAME_S = 0.01
QUIET_VOICE_FRAMES = 4
# A boundary is cut in the middle of its pause's longest stretch of plain floor (no breath, no
# quiet syllable); a pause holding quiet voice is trusted as a boundary only when that stretch
# is at least this long, so that the voice on either side of the cut stays on its own side.
CLEAN_GAP_FRAMES = 8
RIVAL_S = 0.6  # about two words: a boundary moved this far keeps nearly the same shares
RIVAL_SHARE = 1.0
RIVAL_MARGIN = 4.0  # a boundary whose every move costs this much needs no rival check
MIN_PAUSE_S = 0.12  # shorter unvoiced runs are word joins and stop closures
EDGE_PAD_S = 0.3  # kept before a passage's first sound: a soft first syllable may be under it
TAIL_PAD_S = 0.6  # kept after its last: a quiet last syllable may sink under the floor
# Verification bounds (log ratios): a segment's voiced time and nuclei against its share.
MAX_TIME_DEVIATION = math.log(1.2)
MAX_NUCLEI_DEVIATION = math.log(1.15)
# How far nuclei stray from the syllables expected depends on the voice (the emulator's
# realistic voice about 0.05 in log, espeak-ng's English twice that): a caller that measured
# the spread on this voice's clean splits (`nuclei_spread`) widens the bound to this many
# spreads, never past the cap, where a segment holding a fragment too many would pass.
NUCLEI_SPREADS = 3.0
MAX_NUCLEI_DEVIATION_CAP = math.log(1.3)
MIN_MARGIN = 3.0  # cost a boundary must lose when moved to any other pause
# A segment both of whose boundaries lose at least this much when moved (a page pause that
# stands out from every alternative, as in clean audio) may stray further from its share:
# its length then reflects how the voice reads its words, not where the cut fell.
CLEAR_MARGIN = 12.0
MAX_DEVIATION_CLEAR = math.log(1.3)
RATE_BOUNDS = (2.0, 12.0)  # syllables per voiced second, from slow reading to fast speech
# Cost weights: log deviations over their typical spread on real-rate drift.
SIGMA_TIME = 0.15
SIGMA_NUCLEI = 0.1
# 6 across 900 grid clips: 86 % of 8-passage clips verified whole, against 76 % at 2.5; at 9
# the pause outweighed the fit and split clips wrongly that still verified.
PAUSE_WEIGHT = 6.0
STRUCTURE_WEIGHT = 1.5  # pauses inside a segment against the punctuation of its text
# A direction read aloud must explain the clip clearly better; much more so while the voice's
# nuclei rate (`kappa`) is unknown, since a passage's first sentence then looks alike.
PREAMBLE_PENALTY = 2.0
PREAMBLE_PENALTY_UNCALIBRATED = 6.0
# Syllable nuclei the detector finds per expected syllable depends on the voice (1.08 with
# a spread of 0.067 in log over 60 clips of the emulator's voice; espeak-ng differs), so a
# caller passes the value it measured on this voice's verified clips (`kappa`, see
# `GeminiSpeech`); with it, a clip far off holds more or less speech than its text: a
# direction read aloud, a passage skipped or read twice. Without it, that check is off.
SIGMA_KAPPA = 0.08
MAX_KAPPA_DEVIATION = 0.2
# A page break is a sentence end: a candidate pause shorter than this share of the clip's own
# sentence-end pause length (see `_layout`) is strongly disfavoured as a boundary.
SENTENCE_PAUSE_SHARE = 0.75

_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_KANA_HAN = re.compile(f"[{KANA}{HAN}]")
_LATIN_WORD = re.compile(f"[{LATIN_BASIC}{LATIN_1}']+")
_DIGITS = re.compile(r"\d+")
_SENTENCE_BREAK = re.compile(rf"[{SENTENCE_END}][{CLOSING_QUOTES})]*\s+(?=\S)")
_PHRASE_BREAK = re.compile(rf"[{PHRASE_MARKS}]\s+(?=\S)|\s[{DASHES}]\s")
_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëïîôöùûü]+")


def expected_syllables(text: str, language: str | None = None) -> float:
    """Syllables a reader says for `text`: Hangul syllables count directly, kana and Han
    characters one each, Latin words by vowel groups (a silent final e dropped), digits ~1.5.
    `language` is accepted for the callers' clarity; the script decides."""
    count = float(len(_HANGUL.findall(text)) + len(_KANA_HAN.findall(text)))
    for word in _LATIN_WORD.findall(text):
        w = word.lower().strip("'")
        groups = len(_VOWEL_GROUP.findall(w))
        if w.endswith("e") and groups > 1 and not w.endswith(("le", "ee", "ie", "ye")):
            groups -= 1
        if w.endswith("ed") and groups > 1 and not w.endswith(("ted", "ded")):
            groups -= 1
        count += max(1, groups)
    count += sum(1.5 * len(d) for d in _DIGITS.findall(text))
    return max(count, 1.0)


def expected_breaks(text: str) -> float:
    """Sentence-length pauses a reader makes inside `text`: one at each sentence end, now and
    then at a comma (most commas get a short pause or none, and short pauses are not counted:
    see `_layout`)."""
    return len(_SENTENCE_BREAK.findall(text)) + 0.15 * len(_PHRASE_BREAK.findall(text))


@dataclass(frozen=True)
class Analysis:
    """Frame-level view of one clip."""

    samples: int
    rate: int
    noise_floor_db: float
    speech_db: float
    voiced: np.ndarray  # bool per frame
    audible: np.ndarray  # bool per frame: clearly above the noise floor (breaths included)
    nuclei: np.ndarray  # frame indices of syllable nuclei
    pauses: list[tuple[int, int]]  # (first, last+1) frames of candidate pauses
    # bool per frame: tonal sound above the floor that is too quiet to count as voiced (an
    # unstressed syllable, often a page's first or last): inside a boundary pause, it means
    # the pause's middle may cut through a word
    quiet_voice: np.ndarray | None = None

    @property
    def frame(self) -> int:
        return max(1, int(self.rate * FRAME_S))


def analyse(pcm: np.ndarray, rate: int = SAMPLE_RATE) -> Analysis:
    frame = max(1, int(rate * FRAME_S))
    n = pcm.size // frame
    x = pcm[: n * frame].astype(np.float64).reshape(n, frame) if n else np.zeros((0, frame))
    rms = np.sqrt(np.mean(x**2, axis=1)) if n else np.zeros(0)
    db = 20 * np.log10(rms / 32768.0 + 1e-9)
    signs = np.signbit(x)
    zcr = np.mean(signs[:, 1:] != signs[:, :-1], axis=1) if n else np.zeros(0)
    if n == 0:
        empty = np.zeros(0, dtype=bool)
        return Analysis(pcm.size, rate, -120.0, -120.0, empty, empty, np.zeros(0, int), [], empty)
    floor = float(np.percentile(db, 5))
    speech = float(np.percentile(db, 95))
    threshold = max(floor + 10.0, speech - 32.0)
    voiced = (db > threshold) & (zcr < 0.2)
    voiced = _close_gaps(voiced, 3)  # a 20-30 ms dip inside a word is not a pause
    env = np.convolve(np.where(voiced, db, threshold - 10), np.ones(5) / 5, mode="same")
    nuclei = _peaks(env, voiced, min_distance=8, prominence=2.5)
    pauses = _runs(~voiced, int(MIN_PAUSE_S / FRAME_S))
    # Quiet before the first and after the last voiced frame is not between passages.
    if voiced.any():
        first, last = int(np.argmax(voiced)), n - int(np.argmax(voiced[::-1]))
        pauses = [(a, b) for a, b in pauses if a > first and b < last]
    audible = db > floor + 8.0
    quiet_voice = audible & (zcr < 0.2) & ~voiced
    return Analysis(pcm.size, rate, floor, speech, voiced, audible, nuclei, pauses, quiet_voice)


def _close_gaps(mask: np.ndarray, max_gap: int) -> np.ndarray:
    out = mask.copy()
    for a, b in _runs(~mask, 1):
        if b - a <= max_gap and a > 0 and b < mask.size:
            out[a:b] = True
    return out


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.diff(padded)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True) if b - a >= min_len]


def _peaks(
    env: np.ndarray, voiced: np.ndarray, *, min_distance: int, prominence: float
) -> np.ndarray:
    """Local maxima of `env` on voiced frames that stand `prominence` dB above the lowest
    point towards the neighbouring peak on each side (a simple syllable-nucleus count)."""
    n = env.size
    if n < 3:
        return np.zeros(0, dtype=int)
    is_max = np.zeros(n, dtype=bool)
    is_max[1:-1] = (env[1:-1] >= env[:-2]) & (env[1:-1] > env[2:]) & voiced[1:-1]
    candidates = np.flatnonzero(is_max)
    kept: list[int] = []
    for i in candidates:
        lo, hi = max(0, i - 25), min(n, i + 26)
        left, right = env[lo : i + 1], env[i:hi]
        if env[i] - left.min() < prominence and env[i] - right.min() < prominence:
            continue
        if kept and i - kept[-1] < min_distance:
            if env[i] > env[kept[-1]]:
                kept[-1] = int(i)
            continue
        kept.append(int(i))
    return np.asarray(kept, dtype=int)


@dataclass(frozen=True)
class Segment:
    start: int  # samples: the passage's speech with a short pad, no neighbour's
    end: int
    syllables: float
    time_deviation: float  # log(voiced time / its share)
    nuclei_deviation: float  # log((nuclei + 1) / (its share + 1))
    rate_syl_s: float  # syllables per voiced second
    problems: tuple[str, ...] = ()
    # how many of `problems` are local doubts about a boundary (a rival pause a word away, quiet
    # voice in the pause): they concern this segment and the one across that boundary only
    local_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def only_local_doubts(self) -> bool:
        return len(self.problems) == self.local_problems


@dataclass(frozen=True)
class Split:
    segments: list[Segment]
    preamble: tuple[int, int] | None  # samples of a direction read aloud, if one was found
    cuts: list[int]  # frame indices of the chosen boundaries (pause middles)
    cost: float
    margin: float  # how much the cheapest single-boundary move would add (between passages)
    noise_floor_db: float
    problems: tuple[str, ...] = field(default=())
    kappa: float = 0.0  # syllable nuclei per expected syllable over the whole clip

    @property
    def verified(self) -> bool:
        return not self.problems and all(s.ok for s in self.segments)

    def trusted(self) -> list[bool]:
        """Per passage: its segment passed every check, both of its boundaries included, and
        so did its neighbours — a boundary is only as good as the fit on both of its sides
        (a neighbour that came out too short may have lost its start to this segment)."""
        ok = [not self.problems and s.ok for s in self.segments]
        fits = [s.only_local_doubts for s in self.segments]
        return [
            ok[i] and (i == 0 or fits[i - 1]) and (i == len(ok) - 1 or fits[i + 1])
            for i in range(len(ok))
        ]


@dataclass(frozen=True)
class _Layout:
    """Cut points: 0 = clip start, 1..m = pause middles, m+1 = clip end (frames)."""

    points: np.ndarray
    voiced: np.ndarray  # voiced frames before each point
    nuclei: np.ndarray  # nuclei before each point
    bonus: np.ndarray  # pause preference per point (0 at the ends)
    long: np.ndarray  # sentence-length pauses before each point (the point's own excluded)

    def inside(self, a: int, b: int) -> int:
        """Sentence-length pauses strictly between cut points a < b."""
        return int(self.long[b] - self.long[a + 1]) if b > a + 1 else 0


def _clean_gap(a: Analysis, k: int) -> tuple[int, int]:
    """The longest run of frames in pause `k` that are neither audible nor quiet voice."""
    p, q = a.pauses[k]
    if a.audible.size == 0:
        return p, q
    runs = _runs(~a.audible[p:q], 1)
    if not runs:
        return p, p
    x, y = max(runs, key=lambda r: r[1] - r[0])
    return p + x, p + y


def _length(a: Analysis, k: int) -> int:
    """Frames of pause `k` that count as pause: its longest run free of quiet voice. A quiet
    syllable in a pause's middle (the detector's voiced test missed it) makes two word gaps,
    not one sentence pause; breaths and consonants (audible, but hissy) do not shorten it."""
    p, q = a.pauses[k]
    if a.quiet_voice is None or a.quiet_voice.size == 0:
        return q - p
    runs = _runs(~a.quiet_voice[p:q], 1)
    return max((y - x for x, y in runs), default=0)


def _cut(a: Analysis, k: int) -> int:
    """Where a boundary at pause `k` is cut: the middle of its clean gap, else its middle."""
    x, y = _clean_gap(a, k)
    if y > x:
        return (x + y) // 2
    p, q = a.pauses[k]
    return (p + q) // 2


def _layout(a: Analysis, sentence_ends: int) -> _Layout:
    """`sentence_ends`: page breaks plus sentence ends inside the passages. If those were the
    longest pauses of the clip, the shortest of them would measure this clip's sentence-end
    pause; a comma or a hesitation is usually well short of it."""
    n = a.voiced.size
    mids = [_cut(a, k) for k in range(len(a.pauses))]
    points = np.asarray([0, *mids, n], dtype=int)
    cum_voiced = np.concatenate([[0], np.cumsum(a.voiced)])
    voiced = cum_voiced[points]
    nuclei = np.searchsorted(a.nuclei, points)
    lengths = np.asarray([_length(a, k) for k in range(len(a.pauses))], dtype=float) * FRAME_S
    ranked = np.sort(lengths)[::-1]
    k = min(max(sentence_ends, 1), ranked.size)
    sentence_pause = float(ranked[k - 1]) if ranked.size else 0.0
    short = lengths < SENTENCE_PAUSE_SHARE * sentence_pause
    prior = np.log(np.clip(lengths, 0.1, 1.2) / 0.3) - 2.0 * short
    bonus = np.concatenate([[0.0], prior, [0.0]])
    # Only sentence-length pauses count against a passage's punctuation: hesitations, commas
    # and stop closures come and go with the detector and the noise floor, and counting them
    # made a segment that lost its last word to a hesitation look as good as the right one.
    is_long = np.concatenate([[0], ~short, [0]]).astype(int)
    long = np.concatenate([[0], np.cumsum(is_long)])[: points.size]
    return _Layout(points, voiced, nuclei, bonus, long)


def _structure(inside: np.ndarray | float, breaks: float) -> np.ndarray | float:
    return STRUCTURE_WEIGHT * (inside - breaks) ** 2 / (1.0 + 0.3 * breaks)


def _segment_cost(
    lay: _Layout, syllables: float, breaks: float, rho: float, kappa: float
) -> np.ndarray:
    """cost[a, b] of one piece spanning cut points a..b (inf where b <= a)."""
    dv = lay.voiced[None, :] - lay.voiced[:, None]
    dn = lay.nuclei[None, :] - lay.nuclei[:, None]
    idx = np.arange(lay.points.size)
    after = np.concatenate([lay.long[1:], lay.long[-1:]])  # long pauses up to each point
    inside = np.maximum(lay.long[None, :] - after[:, None], 0)  # strictly inside a..b
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(np.maximum(dv, 0.5) / (syllables * rho)) / SIGMA_TIME
        k = np.log((np.maximum(dn, 0) + 1.0) / (syllables * kappa + 1.0)) / SIGMA_NUCLEI
    cost = t**2 + k**2 + _structure(inside, breaks)
    cost[idx[None, :] <= idx[:, None]] = np.inf
    return cost


def _kappa_cost(lay: _Layout, pieces: list[float], kappa0: float | None) -> float:
    if kappa0 is None:
        return 0.0
    kappa = max(float(lay.nuclei[-1]), 0.5) / sum(pieces)
    return (math.log(kappa / kappa0) / SIGMA_KAPPA) ** 2


def _best(lay: _Layout, pieces: list[float], breaks: list[float]) -> tuple[float, list[int]]:
    """Cheapest cut points (indices into `lay.points`) for `pieces` syllable counts."""
    total = sum(pieces)
    rho = max(float(lay.voiced[-1]), 1.0) / total
    kappa = max(float(lay.nuclei[-1]), 0.0) / total
    m = lay.points.size
    costs = [_segment_cost(lay, s, b, rho, kappa) for s, b in zip(pieces, breaks, strict=True)]
    best = np.full(m, np.inf)
    best[0] = 0.0
    back: list[np.ndarray] = []
    for i, cost in enumerate(costs):
        last = i == len(costs) - 1
        total_cost = best[:, None] + cost
        if not last:
            total_cost = total_cost - PAUSE_WEIGHT * lay.bonus[None, :]
            total_cost[:, m - 1] = np.inf  # only the last piece may end at the clip's end
        arg = np.argmin(total_cost, axis=0)
        best = total_cost[arg, np.arange(m)]
        back.append(arg)
    end = m - 1
    if not np.isfinite(best[end]):
        return math.inf, []
    path = [end]
    for arg in reversed(back):
        path.append(int(arg[path[-1]]))
    path.reverse()  # [0, b1, ..., m-1]
    return float(best[end]), path


def _path_cost(lay: _Layout, pieces: list[float], breaks: list[float], path: list[int]) -> float:
    total = sum(pieces)
    rho = max(float(lay.voiced[-1]), 1.0) / total
    kappa = max(float(lay.nuclei[-1]), 0.0) / total
    cost = 0.0
    for i, s in enumerate(pieces):
        a, b = path[i], path[i + 1]
        if b <= a:
            return math.inf
        dv = max(float(lay.voiced[b] - lay.voiced[a]), 0.5)
        dn = max(float(lay.nuclei[b] - lay.nuclei[a]), 0.0)
        cost += (math.log(dv / (s * rho)) / SIGMA_TIME) ** 2
        cost += (math.log((dn + 1) / (s * kappa + 1)) / SIGMA_NUCLEI) ** 2
        cost += float(_structure(lay.inside(a, b), breaks[i]))
        if i < len(pieces) - 1:
            cost -= PAUSE_WEIGHT * float(lay.bonus[b])
    return cost


def _margins(
    lay: _Layout, pieces: list[float], breaks: list[float], path: list[int]
) -> list[float]:
    """For each cut point of `path`, the least extra cost of moving it alone to another pause
    (inf for the clip's ends): a small margin means that boundary is a guess."""
    base = _path_cost(lay, pieces, breaks, path)
    margins = [math.inf] * len(path)
    for j in range(1, len(path) - 1):
        for alt in range(path[j - 1] + 1, path[j + 1]):
            if alt == path[j]:
                continue
            # Moving across no voiced speech (a pause split by a click) is not another split.
            same = abs(int(lay.voiced[alt]) - int(lay.voiced[path[j]])) < 5
            if same and lay.nuclei[alt] == lay.nuclei[path[j]]:
                continue
            moved = [*path[:j], alt, *path[j + 1 :]]
            margins[j] = min(margins[j], _path_cost(lay, pieces, breaks, moved) - base)
    return margins


def split_clip(
    pcm: np.ndarray,
    texts: list[str],
    language: str | None = None,
    *,
    preamble: str | None = None,
    rate: int = SAMPLE_RATE,
    kappa: float | None = None,
    nuclei_spread: float | None = None,
) -> Split:
    """Find and verify where each of `texts` is in `pcm` (see the module doc)."""
    a = analyse(pcm, rate)
    syllables = [expected_syllables(t, language) for t in texts]
    breaks = [expected_breaks(t) for t in texts]
    lay = _layout(a, _sentence_ends(texts))
    options: list[tuple[float, list[int], bool]] = []
    cost, path = _best(lay, syllables, breaks)
    if path:
        options.append((cost + _kappa_cost(lay, syllables, kappa), path, False))
    if preamble and expected_syllables(preamble) >= 1:
        pre_s, pre_b = (
            [expected_syllables(preamble), *syllables],
            [expected_breaks(preamble), *breaks],
        )
        cost, path = _best(lay, pre_s, pre_b)
        cost += _kappa_cost(lay, pre_s, kappa)
        cost += PREAMBLE_PENALTY if kappa else PREAMBLE_PENALTY_UNCALIBRATED
        if path:
            options.append((cost, path, True))
    if not options:
        return Split([], None, [], math.inf, 0.0, a.noise_floor_db, ("too few pauses",))
    cost, path, spoken = min(options, key=lambda o: o[0])
    if spoken:
        syllables, breaks = (
            [expected_syllables(preamble or ""), *syllables],
            [
                expected_breaks(preamble or ""),
                *breaks,
            ],
        )
    return _judge(a, lay, syllables, breaks, path, spoken, kappa, nuclei_spread)


def verify(
    a: Analysis,
    cuts: list[int],
    texts: list[str],
    language: str | None = None,
    *,
    preamble_end: int | None = None,
    kappa: float | None = None,
) -> Split:
    """Check a split given as boundary frames `cuts` (len(texts) - 1 of them, each inside a
    pause, see `Analysis.pauses`); `preamble_end` (inside a pause too) marks the speech
    before it as a direction read aloud. This is the check `split_clip` applies to its own
    choice; tests use it to show that wrong splits fail."""
    lay = _layout(a, _sentence_ends(texts))
    marks = [preamble_end] if preamble_end is not None else []
    inner = []
    for c in [*marks, *cuts]:
        found = [k + 1 for k, (p, q) in enumerate(a.pauses) if p <= c < q]
        if not found:
            raise ValueError(f"cut {c} is not inside a pause")
        inner.append(found[0])
    path = [0, *inner, lay.points.size - 1]
    syllables = [expected_syllables(t, language) for t in texts]
    breaks = [expected_breaks(t) for t in texts]
    if preamble_end is not None:
        syllables = [_preamble_share(lay, path), *syllables]
        breaks = [0.0, *breaks]
    return _judge(a, lay, syllables, breaks, path, preamble_end is not None, kappa)


def _judge(
    a: Analysis,
    lay: _Layout,
    pieces: list[float],
    breaks: list[float],
    path: list[int],
    spoken: bool,
    kappa0: float | None,
    nuclei_spread: float | None = None,
) -> Split:
    """Per-segment checks of one split (`pieces` include the spoken direction, if any)."""
    cost = _path_cost(lay, pieces, breaks, path) if len(path) == len(pieces) + 1 else math.inf
    syllables = pieces[1:] if spoken else pieces
    problems: list[str] = []
    max_nuclei = MAX_NUCLEI_DEVIATION
    if nuclei_spread:
        max_nuclei = min(max(max_nuclei, NUCLEI_SPREADS * nuclei_spread), MAX_NUCLEI_DEVIATION_CAP)
    if len(path) != len(pieces) + 1:
        problems.append(f"{len(path) - 1} segments for {len(pieces)} pieces")
    total = sum(pieces)
    rho = max(float(lay.voiced[-1]), 1.0) / total
    kappa = max(float(lay.nuclei[-1]), 0.0) / total
    clip_kappa = max(float(lay.nuclei[-1]), 0.5) / sum(pieces)
    kappa_dev = math.log(clip_kappa / kappa0) if kappa0 else 0.0
    if abs(kappa_dev) > MAX_KAPPA_DEVIATION:
        problems.append(
            f"the clip holds {math.exp(kappa_dev):.2f}x the syllables of its text "
            "(a direction read aloud, a passage skipped or repeated?)"
        )
    margins = _margins(lay, pieces, breaks, path) if len(path) == len(pieces) + 1 else []
    offset = 1 if spoken else 0
    inner = margins[1 + offset : -1] if margins else []
    margin = min(inner, default=math.inf)
    segments = []
    frame = a.frame
    for i, s in enumerate(syllables):
        lo_p, hi_p = path[i + offset], path[i + offset + 1]
        dv = float(lay.voiced[hi_p] - lay.voiced[lo_p])
        dn = float(lay.nuclei[hi_p] - lay.nuclei[lo_p])
        t_dev = math.log(max(dv, 0.5) / (s * rho))
        n_dev = math.log((dn + 1) / (s * kappa + 1))
        rate_syl = s / max(dv * FRAME_S, 1e-3)
        seg_problems = []
        clear = bool(margins) and min(margins[i + offset], margins[i + offset + 1]) >= CLEAR_MARGIN
        max_time = MAX_DEVIATION_CLEAR if clear else MAX_TIME_DEVIATION
        max_n = max(max_nuclei, MAX_DEVIATION_CLEAR) if clear else max_nuclei
        if len(syllables) > 1 and abs(t_dev) > max_time:
            seg_problems.append(f"voiced time {math.exp(t_dev):.2f}x its share")
        if len(syllables) > 1 and abs(n_dev) > max_n:
            seg_problems.append(f"syllable nuclei {math.exp(n_dev):.2f}x its share")
        if not RATE_BOUNDS[0] <= rate_syl <= RATE_BOUNDS[1]:
            seg_problems.append(f"{rate_syl:.1f} syllables per voiced second")
        local = 0
        for edge in (i + offset, i + offset + 1):
            if margins and margins[edge] < MIN_MARGIN:
                seg_problems.append(f"ambiguous boundary: a move costs only {margins[edge]:.2f}")
            if _voice_in_pause(a, path[edge], lay.points.size):
                seg_problems.append("quiet speech inside a boundary pause")
                local += 1
            sure = bool(margins) and margins[edge] >= RIVAL_MARGIN
            if not sure and _rival_nearby(a, path[edge], lay.points.size):
                seg_problems.append("a pause as long as the boundary's a word away")
                local += 1
        lo_f, hi_f = int(lay.points[lo_p]), int(lay.points[hi_p])
        voiced = np.flatnonzero(a.voiced[lo_f:hi_f])
        if voiced.size == 0:
            seg_problems.append("no speech")
            start, end = lo_f * frame, hi_f * frame
        else:
            # Trim to sound above the floor (a quiet last syllable is not voiced-loud), with a
            # pad, but never past the boundary pauses' middles.
            audible = np.flatnonzero(a.audible[lo_f:hi_f])
            first = min(int(voiced[0]), int(audible[0]))
            last = max(int(voiced[-1]), int(audible[-1]))
            start = max(lo_f * frame, (lo_f + first) * frame - int(EDGE_PAD_S * a.rate))
            if lo_p == 0:
                start = 0  # nothing but the floor comes before the first passage
            end = (lo_f + last + 1) * frame + int(TAIL_PAD_S * a.rate)
            end = min(hi_f * frame, end, a.samples)
        segments.append(Segment(start, end, s, t_dev, n_dev, rate_syl, tuple(seg_problems), local))
    pre = None
    if spoken:
        hi_f = int(lay.points[path[1]])
        pre = (0, hi_f * frame)
    return Split(
        segments,
        pre,
        [int(lay.points[p]) for p in path[1 + offset : -1]],
        cost,
        margin,
        a.noise_floor_db,
        tuple(problems),
        clip_kappa,
    )


def _voice_in_pause(a: Analysis, point: int, points: int) -> bool:
    """Whether the pause at cut point `point` (not the clip's ends) holds at least
    `QUIET_VOICE_FRAMES` frames of quiet tonal sound."""
    if point == 0 or point == points - 1 or a.quiet_voice is None:
        return False
    p, q = a.pauses[point - 1]
    if int(a.quiet_voice[p:q].sum()) < QUIET_VOICE_FRAMES:
        return False
    x, y = _clean_gap(a, point - 1)
    return y - x < CLEAN_GAP_FRAMES


def _rival_nearby(a: Analysis, point: int, points: int) -> bool:
    """Whether another pause within `RIVAL_S` of the boundary pause at cut point `point` is
    nearly as long: moving a boundary by a word barely changes the segments' shares, so only
    the pause itself can tell the page break from a pause after a page's first word or
    before its last (an exclamation, a name) — and then it cannot."""
    if point == 0 or point == points - 1:
        return False
    p, q = a.pauses[point - 1]
    reach = int(RIVAL_S / FRAME_S)
    own = _length(a, point - 1)
    return any(
        _length(a, k) >= RIVAL_SHARE * own
        for k, (p2, q2) in enumerate(a.pauses)
        if k != point - 1 and p2 < q + reach and q2 > p - reach
    )


def _sentence_ends(texts: list[str]) -> int:
    return len(texts) - 1 + sum(len(_SENTENCE_BREAK.findall(t)) for t in texts)


def _preamble_share(lay: _Layout, path: list[int]) -> float:
    """Syllables to expect for speech before the first passage when verifying given cuts:
    whatever it measured, at the clip's overall pace (the direction's text may be unknown)."""
    return 1.0 + float(lay.nuclei[path[1]])

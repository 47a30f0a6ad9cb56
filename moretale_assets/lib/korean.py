"""Korean helpers: particles chosen by the final consonant (batchim), and name romanization.

Korean particles change shape with the sound they follow (민준이 / 서아가), so any text that puts
a child's name, or any other slot, before a particle has to pick the form at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moretale_assets.lib.scripts import HANGUL_FIRST, HANGUL_JAMO, HANGUL_LAST, HANGUL_SYLLABLES

# A syllable's final consonant is its offset from 가 mod 28.
_SYLLABLE_FIRST, _SYLLABLE_LAST = HANGUL_FIRST, HANGUL_LAST
_ANY_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}{HANGUL_JAMO}]")
_FINALS_PER_SYLLABLE = 28
_RIEUL_FINAL = 8  # index of ㄹ among the 28 final-consonant slots

# Each particle as (form after a final consonant, form after a vowel).
_PAIRS: tuple[tuple[str, str], ...] = (
    ("이", "가"),
    ("은", "는"),
    ("을", "를"),
    ("과", "와"),
    ("아", "야"),
    ("이에요", "예요"),
    ("이었어요", "였어요"),
    ("이야", "야"),
    ("이랑", "랑"),
    ("이나", "나"),
    ("이라고", "라고"),
    ("이라는", "라는"),
    ("으로", "로"),
)
_BY_FORM: dict[str, tuple[str, str]] = {}
_AMBIGUOUS: set[str] = set()
for _pair in _PAIRS:
    for _form in _pair:
        # "야" is both the vocative (아/야) and the copula (이야/야): callers must say which.
        if _BY_FORM.get(_form, _pair) != _pair:
            _AMBIGUOUS.add(_form)
        _BY_FORM[_form] = _pair

# How each digit is read aloud in Korean decides the particle after a number (3 → 삼 → 이).
_DIGIT_FINAL = {
    "0": "ng",
    "1": "l",
    "2": "",
    "3": "m",
    "4": "",
    "5": "",
    "6": "k",
    "7": "l",
    "8": "l",
    "9": "",
}
_COMPAT_CONSONANTS = "ㄱㄲㄳㄴㄵㄶㄷㄸㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅃㅄㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWEL_LETTERS = set("aeiouy")


@dataclass(frozen=True)
class FinalSound:
    """The sound a word ends with, as far as particles care."""

    consonant: bool  # ends in a final consonant (batchim)
    rieul: bool = False  # that consonant is ㄹ, which takes 로 rather than 으로


_VOWEL = FinalSound(consonant=False)


def final_sound(word: str) -> FinalSound:
    """Guess how `word` ends when read in Korean; non-Hangul names are read from their spelling."""
    stripped = re.sub(r"[\W_]+$", "", word)
    if not stripped:
        return _VOWEL
    last = stripped[-1]
    code = ord(last)
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        final = (code - _SYLLABLE_FIRST) % _FINALS_PER_SYLLABLE
        return FinalSound(consonant=final != 0, rieul=final == _RIEUL_FINAL)
    if last in _COMPAT_CONSONANTS:
        return FinalSound(consonant=True, rieul=last == "ㄹ")
    if last in _DIGIT_FINAL:
        final_name = _DIGIT_FINAL[last]
        return FinalSound(consonant=bool(final_name), rieul=final_name == "l")
    if last.isascii() and last.isalpha():
        return _latin_final(stripped)
    return _VOWEL


def _latin_final(word: str) -> FinalSound:
    """Guess the Korean reading's last sound from an English spelling (Sam → 샘, Mina → 미나)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return _VOWEL
    # A silent e after n, l or m still leaves that consonant: Jane → 제인, Belle → 벨, Anne → 앤.
    if len(w) >= 3 and w[-1] == "e" and w[-2] in "nlm":
        before = w[-3]
        if before in _VOWEL_LETTERS or before == w[-2]:
            return FinalSound(consonant=True, rieul=w[-2] == "l")
        return _VOWEL
    last = w[-1]
    before = w[-2] if len(w) >= 2 else ""
    if last in "mn" or w.endswith("ng"):
        return FinalSound(consonant=True)
    if last == "l":
        return FinalSound(consonant=True, rieul=True)
    # Short vowel + stop is written as a batchim: Jack → 잭, Philip → 필립, Eliot → 엘리엇.
    if w.endswith("ck") or (last in "kcptb" and before in _VOWEL_LETTERS):
        return FinalSound(consonant=True)
    if w.endswith("tt"):
        return FinalSound(consonant=True)
    # Everything else gets an epenthetic 으 in Korean (Max → 맥스, Grace → 그레이스): a vowel.
    return _VOWEL


def particle(word: str, form: str) -> str:
    """The right shape of particle `form` (either shape may be given) to follow `word`."""
    if form in _AMBIGUOUS:
        raise ValueError(f"particle {form!r} is ambiguous; write the after-consonant form")
    pair = _BY_FORM.get(form)
    if pair is None:
        return form  # particles like 도, 에, 의 never change shape
    after_consonant, after_vowel = pair
    sound = final_sound(word)
    if after_consonant == "으로":
        return "으로" if sound.consonant and not sound.rieul else "로"
    return after_consonant if sound.consonant else after_vowel


def josa(word: str, form: str) -> str:
    """`word` followed by the right shape of particle `form`: josa("민준", "이") == "민준이"."""
    return word + particle(word, form)


def is_hangul_name(name: str) -> bool:
    return bool(name) and all(_SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST for ch in name)


def narrative_name(name: str) -> str:
    """The form of a given name used in children's narration: 민준 → 민준이, 서아 → 서아.

    Korean storytelling adds a friendly 이 to short given names that end in a consonant
    (민준이는, 민준이가); names ending in a vowel, longer (likely full) names and names in other
    scripts are used as they are.
    """
    if is_hangul_name(name) and len(name) <= 2 and final_sound(name).consonant:
        return name + "이"
    return name


def contains_hangul(text: str) -> bool:
    return _ANY_HANGUL.search(text) is not None


# --- romanization (Revised Romanization, simplified for names) -------------------------------

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
             "t", "p", "h")  # fmt: skip
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
# Before a silent ㅇ the final consonant is carried over and voiced: 석우 → Seogu, 하늘이 → Haneuri.
_LINKED_FINALS = ("", "g", "kk", "ks", "n", "nj", "nh", "d", "r", "lg", "lm", "lb", "ls",
                  "lt", "lp", "lh", "m", "b", "ps", "s", "ss", "ng", "j", "ch", "k", "t", "p",
                  "h")  # fmt: skip
_SILENT_INITIAL = 11


def _decompose(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch)
    if not _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return None
    offset = code - _SYLLABLE_FIRST
    return offset // 588, (offset % 588) // _FINALS_PER_SYLLABLE, offset % _FINALS_PER_SYLLABLE


# Family names have customary spellings that plain romanization misses (김 → Kim, not Gim).
_SURNAMES = {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
             "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
             "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
             "류": "Ryu", "전": "Jeon", "홍": "Hong", "문": "Moon", "배": "Bae",
             "백": "Baek"}  # fmt: skip


def romanize_name(name: str) -> str:
    """A Korean name in Latin letters: 민준 → Minjun, 김민준 → Kim Minjun."""
    if is_hangul_name(name) and len(name) == 3 and name[0] in _SURNAMES:
        return f"{_SURNAMES[name[0]]} {romanize(name[1:])}"
    return romanize(name)


def romanize(text: str) -> str:
    """Write Hangul in Latin letters for the English text: 민준 → Minjun, 서아 → Seoa.

    Other characters pass through; each word's first letter is capitalized as names are.
    """
    out: list[str] = []
    chars = list(text)
    for i, ch in enumerate(chars):
        parts = _decompose(ch)
        if parts is None:
            out.append(ch)
            continue
        initial, medial, final = parts
        nxt = _decompose(chars[i + 1]) if i + 1 < len(chars) else None
        linked = nxt is not None and nxt[0] == _SILENT_INITIAL
        out.append(
            _INITIALS[initial]
            + _MEDIALS[medial]
            + (_LINKED_FINALS[final] if linked else _FINALS[final])
        )
    roman = "".join(out)
    return re.sub(r"(^|\s)([a-z])", lambda m: m.group(1) + m.group(2).upper(), roman)


# --- finding a noun in running text ------------------------------------------------------------

# Particles that may follow a noun inside one written word (up to two: 꿈에서도, 마음만은).
PARTICLES = (
    "이", "가", "은", "는", "을", "를", "와", "과", "도", "에", "에서", "에게", "의", "로", "으로",
    "랑", "이랑", "처럼", "까지", "만", "아", "야", "이에요", "예요", "이야", "이었어요", "였어요",
    "이었지요", "였지요", "이었어", "였어", "한테", "보다", "하고", "마다", "부터", "이나", "나",
    "만큼", "께", "이라고", "라고", "이지요", "지요", "씩", "이란", "란", "이라는", "라는",
)  # fmt: skip


def noun_stems(word: str) -> set[str]:
    """Every way to read the Hangul `word` as a noun plus particles: 별들이 → {별들이, 별들, 별}.

    Looking nouns up among these keeps short nouns honest: 달 (moon) is not found in 달려요
    (runs), nor 해 (sun) in 행복해.
    """
    stems = {word}
    frontier = {word}
    for _ in range(2):
        frontier = {w[: -len(p)] for w in frontier for p in PARTICLES if w.endswith(p) and w != p}
        stems |= frontier
    stems |= {w[:-1] for w in stems if w.endswith("들") and len(w) > 1}
    return stems

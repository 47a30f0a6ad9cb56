"""Finding words in running English or Korean text: plurals and Korean particles allowed.

Text is split into words once and each word into the stems it could be read as, so looking up
hundreds of vocabulary words costs set lookups rather than hundreds of regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moretale_assets.lib import korean
from moretale_assets.lib.scripts import HANGUL_SYLLABLES

_WORD = re.compile(f"[A-Za-z][A-Za-z'-]*|[{HANGUL_SYLLABLES}]+")


@dataclass(frozen=True)
class Token:
    start: int
    text: str  # lower-cased
    stems: frozenset[str]


def _english_stems(word: str) -> set[str]:
    stems = {word}
    if word.endswith("'s"):
        word = word[:-2]
        stems.add(word)
    if word.endswith("s"):
        stems.add(word[:-1])
    if word.endswith("es"):
        stems.add(word[:-2])
    return stems


def _token(match: re.Match[str]) -> Token:
    word = match.group()
    if word.isascii():
        return Token(match.start(), word.lower(), frozenset(_english_stems(word.lower())))
    return Token(match.start(), word, frozenset(korean.noun_stems(word)))


def _is_name(match: re.Match[str], token: Token, names: frozenset[str]) -> bool:
    word = match.group()
    return (
        word in names
        or word.removesuffix("'s") in names
        or (not word.isascii() and not token.stems.isdisjoint(names))
    )


class Words:
    """The words of one text, for repeated lookups.

    Words that are `names` (as written, or in Korean with particles after them) are left out,
    so a child called Sky or 하늘이 does not count as the word "sky".
    """

    def __init__(self, text: str, names: tuple[str, ...] = ()) -> None:
        skip = frozenset(n for n in names if n)
        self.tokens = [
            token
            for match in _WORD.finditer(text)
            if not _is_name(match, token := _token(match), skip)
        ]
        self._stems = (
            frozenset().union(*(t.stems for t in self.tokens)) if self.tokens else frozenset()
        )

    def find(self, word: str) -> int | None:
        """Where `word` first occurs, or None. A trailing "~" makes `word` a prefix ("friend~"
        finds "friendship"); a word with a space is looked up as a phrase."""
        prefix = word.endswith("~")
        word = word.rstrip("~").lower()
        if " " in word:
            return self._find_phrase(word, prefix)
        if not prefix and word not in self._stems:
            return None
        for token in self.tokens:
            if token.text.startswith(word) if prefix else word in token.stems:
                return token.start
        return None

    def has(self, *forms: str) -> bool:
        return any(self.find(form) is not None for form in forms)

    def _find_phrase(self, phrase: str, prefix: bool) -> int | None:
        """A phrase matches when its words are consecutive tokens, the last one read as a stem."""
        parts = phrase.split()
        for i in range(len(self.tokens) - len(parts) + 1):
            window = self.tokens[i : i + len(parts)]
            if all(t.text == p for t, p in zip(window[:-1], parts[:-1], strict=True)) and (
                window[-1].text.startswith(parts[-1]) if prefix else parts[-1] in window[-1].stems
            ):
                return window[0].start
        return None

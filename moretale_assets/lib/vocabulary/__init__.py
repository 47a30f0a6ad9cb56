"""The concepts a book can be about, loaded once from `concepts.yaml` and validated by pydantic.

One vocabulary for everyone who needs to know what a word means: the offline story writer reads
a theme with it, the scene planner takes its animal ids from it, and the quality checks look for
a book's theme in its pages with it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
Kind = Literal["value", "setting", "weather", "animal", "toy"]


class Concept(BaseModel):
    kind: Kind
    words: list[str] = Field(min_length=1)  # English and Korean; "~" marks a prefix
    ko: str  # how the supported-themes list names it in Korean
    noun: tuple[str, str]  # how a sentence about it names it: ("the sea", "바다")

    @property
    def english(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w.isascii())

    @property
    def korean(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if not w.isascii())


class Colour(BaseModel):
    words: list[str] = Field(min_length=1)
    ko: str  # the adjective right before a noun: "빨간"


EchoKind = Literal["place", "value", "thing"]
ECHO_KIND: dict[Kind, EchoKind] = {
    "setting": "place",
    "weather": "place",
    "value": "value",
    "animal": "thing",
    "toy": "thing",
}


class Vocabulary(BaseModel):
    concepts: dict[str, Concept]
    colors: dict[str, Colour]
    # (English, Korean) sentences with {hero} and {t} (the concept's noun) slots
    echoes: dict[EchoKind, list[tuple[str, str]]]

    @model_validator(mode="after")
    def _both_languages(self) -> Vocabulary:
        # A concept only one language can name could never be found in both texts of a page.
        for key, c in self.concepts.items():
            if not c.english or not c.korean:
                raise ValueError(f"concept {key!r} needs English and Korean words")
        return self

    def of_kind(self, kind: Kind) -> dict[str, tuple[str, ...]]:
        """{concept id: words} for one kind, in file order (earlier wins ties)."""
        return {k: tuple(c.words) for k, c in self.concepts.items() if c.kind == kind}

    def supported_themes(self) -> str:
        """The list a refused theme is answered with: "friendship (우정), courage (용기), …"."""
        return ", ".join(f"{k} ({c.ko})" for k, c in self.concepts.items())


@cache
def vocabulary() -> Vocabulary:
    text = resources.files(__package__).joinpath("concepts.yaml").read_text(encoding="utf-8")
    return Vocabulary.model_validate(yaml.load(text, Loader=_LOADER))

"""Reading the offline writer's data files (data/*.yaml), validated by pydantic at load.

The writer's words are data, not code: world.yaml (styles, outfits, animals, toys, settings,
lessons), lexicon.yaml (vocabulary words) and plots.yaml (beats keyed by id, plots by concept
id). Each file is validated against the writer's own dataclasses, so a typo fails at import with
the file and field named rather than as an odd page later.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter

T = TypeVar("T")
# libyaml's parser when the wheel has it: the plots load ~10x faster than in pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top")
    return data


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)  # building one costs more than validating a beat: reuse it


def validate(kind: Any, value: object, where: str) -> Any:
    """`value` as `kind` (a type such as dict[str, Animal]); errors name the file and field."""
    try:
        return _adapter(kind).validate_python(value)
    except ValueError as exc:
        raise ValueError(f"offline data {where} is invalid: {exc}") from exc


def keyed(table: dict[str, dict[str, Any]], field: str) -> dict[str, dict[str, Any]]:
    """Put each entry's key back in as `field` (the files key animals by their kind)."""
    return {k: {field: k, **v} for k, v in table.items()}

"""Story sets: a name that groups the books a content team submits together (issue 16).

The name is a run tag (`contract.TAG_SET`), a catalog column and a URL segment, so it is
slug-like."""

from __future__ import annotations

import re

SET_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def validate_set_name(value: str) -> str:
    if not SET_NAME_RE.match(value):
        raise ValueError(
            f"invalid set name {value!r}: 1-64 characters of letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    return value

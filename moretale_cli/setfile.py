"""Read a story set (.jsonl or .csv) and validate every line before anything is sent.

Each story is checked against the pipeline's own `StoryRequest`, so an error names the file's
line and the field, and a set with one bad line creates nothing."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from moretale_assets.lib.schemas import StoryRequest


@dataclass(frozen=True)
class Line:
    number: int  # line in the file (CSV: the row's first line)
    body: dict[str, Any]


@dataclass(frozen=True)
class LineError:
    number: int
    message: str

    def __str__(self) -> str:
        return f"line {self.number}: {self.message}"


def _csv_value(value: str) -> Any:
    return value.strip()


def _nest(row: dict[str, str]) -> dict[str, Any]:
    """`generation.enable_tts` columns become {"generation": {"enable_tts": ...}}; empty cells
    are left out so the request's defaults apply."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None or not value.strip():
            continue
        parts = key.strip().split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _csv_value(value)
    return out


def read_lines(path: Path) -> tuple[list[Line], list[LineError]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [LineError(0, f"cannot read {path}: {exc}")]
    lines: list[Line] = []
    errors: list[LineError] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames:
            return [], [LineError(1, "no header row")]
        row_start = 2
        for row in reader:
            if None in row:
                errors.append(LineError(row_start, "more cells than header columns"))
            else:
                body = _nest(row)
                if body:
                    lines.append(Line(row_start, body))
            row_start = reader.line_num + 1
        return lines, errors
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            body = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(LineError(n, f"not JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(body, dict):
            errors.append(LineError(n, "expected a JSON object (one story request per line)"))
            continue
        lines.append(Line(n, body))
    return lines, errors


def _field_errors(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"]) or "story"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


def validate(path: Path) -> tuple[list[Line], list[LineError]]:
    """Every line checked; returns the lines and all errors (empty when the set is good)."""
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".csv"):
        return [], [LineError(0, f"{path.name}: expected a .jsonl or .csv file")]
    lines, errors = read_lines(path)
    for line in lines:
        try:
            StoryRequest.model_validate(line.body)
        except ValidationError as exc:
            errors.append(LineError(line.number, _field_errors(exc)))
    if not lines and not errors:
        errors.append(LineError(0, f"{path.name} has no stories"))
    return lines, sorted(errors, key=lambda e: e.number)

"""Every SQL statement of the API lives in the catalog repository (api/catalog/repository/) or
the catalog's connection module (api/catalog/db.py: schema, transactions); routes, services and
background loops call typed repository functions. Read from the source, so it holds before any
test runs a query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ("api/catalog/repository/", "api/catalog/db.py")
# What only a SQL statement says; keywords in capitals, as this code base writes SQL, for SELECT
# (prose says "select a page from"), any case for the rest.
SQL = (
    re.compile(r"\bSELECT\b[\s\S]*\bFROM\b|\bSELECT\s+1\b"),
    re.compile(r"\bINSERT\s+(OR\s+\w+\s+)?INTO\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+\w+\s+SET\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\b", re.IGNORECASE),
    re.compile(r"\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX)\b", re.IGNORECASE),
)
# Calls that only code holding a database connection makes.
DB_CALLS = {"execute", "executemany", "cursor"}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes: prose, even when it quotes a statement."""
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }


def _text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's literal parts around a placeholder word, so
    f"UPDATE {table} SET" reads as a statement."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " x ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def sql_outside_repository(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / "api").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(ALLOWED):
            continue
        tree = ast.parse(path.read_text(), filename=rel)
        prose = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in DB_CALLS:
                    found.append(f"{rel}:{node.lineno} calls .{node.func.attr}()")
                if any(k.arg == "touches" for k in node.keywords):
                    found.append(f"{rel}:{node.lineno} opens a catalog transaction")
            text = None if id(node) in prose else _text(node)
            if text and any(p.search(text) for p in SQL):
                found.append(f"{rel}:{node.lineno} has SQL: {text.strip()[:60]!r}")
    return sorted(set(found))


@pytest.mark.unit
def test_no_sql_outside_the_catalog_repository():
    assert sql_outside_repository() == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "code",
    [
        'ROWS = "SELECT id FROM stories WHERE id = ?"\n',
        'def f(w, t):\n    w.run(f"DELETE FROM {t} WHERE id = ?")\n',
        "def f(w):\n    w.run('insert or replace into ingest_state values (1)')\n",
        'Q = ("UPDATE stories"\n     " SET status = ?")\n',
        "def f(con):\n    return con.execute(query)\n",
        "def f(catalog):\n    with catalog.write(touches=()) as w:\n        pass\n",
    ],
)
def test_sql_or_a_connection_outside_the_repository_is_caught(tmp_path, code):
    # The checker itself, on a copy of the layout with one statement (or raw connection use)
    # added to a route: it must see it, and must not mind the same text in the repository.
    (tmp_path / "api" / "routes").mkdir(parents=True)
    (tmp_path / "api" / "routes" / "x.py").write_text(code)
    (tmp_path / "api" / "catalog" / "repository").mkdir(parents=True)
    (tmp_path / "api" / "catalog" / "repository" / "y.py").write_text(code)
    found = sql_outside_repository(tmp_path)
    assert found and all(f.startswith("api/routes/x.py:") for f in found), found


@pytest.mark.unit
def test_prose_about_selecting_and_updating_is_not_sql(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "x.py").write_text(
        '"""Keep the catalog in step: runs by update time; select a page from the list."""\n'
        'HELP = "Update the story; delete it from the set"\n'
    )
    assert sql_outside_repository(tmp_path) == []

"""The warm run launcher leans on Dagster's private API: every use is listed in the launcher with
its reason and the Dagster versions it was checked against, and an installed Dagster that lacks
one of them, or is outside the checked range, fails here by name rather than at the first run.

The launcher's tables are read from its source, not imported, so the failure names the missing
symbol even when `moretale_assets.launcher` itself can no longer be imported."""

import ast
import importlib
import importlib.util
import tomllib
from collections.abc import Iterable
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "moretale_assets" / "launcher.py"
TREE = ast.parse(LAUNCHER.read_text(), filename=str(LAUNCHER))


def literal(name: str):
    """A module-level constant of the launcher, evaluated from its source."""
    for node in TREE.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{LAUNCHER.name} defines no {name}")


CHECKED: str = literal("DAGSTER_CHECKED")
PRIVATE: tuple[tuple[str, str, str], ...] = literal("DAGSTER_PRIVATE")
PRELOAD: tuple[str, ...] = literal("DEFAULT_PRELOAD")


def _resolve(module: str, path: str) -> None:
    obj = importlib.import_module(module)
    for attr in path.split("."):
        if not hasattr(obj, attr) and isinstance(obj, type):
            obj = obj()  # an attribute set in __init__ (e.g. DefaultRunLauncher._run_ids)
        obj = getattr(obj, attr)


def incompatibilities(
    dagster_version: str,
    checked: str = CHECKED,
    private: Iterable[tuple[str, str, str]] = PRIVATE,
    preload: Iterable[str] = PRELOAD,
) -> list[str]:
    """Why this Dagster cannot run the launcher as checked: one line per problem."""
    problems = []
    if dagster_version not in SpecifierSet(checked):
        problems.append(f"Dagster {dagster_version} is outside the checked range {checked}")
    for module, path, why in private:
        try:
            _resolve(module, path)
        except (ImportError, AttributeError) as exc:
            problems.append(
                f"Dagster {dagster_version} has no {module}.{path} ({exc}); "
                f"moretale_assets/launcher.py needs it: {why}"
            )
    for module in preload:
        if module.split(".")[0] == "dagster" and importlib.util.find_spec(module) is None:
            problems.append(
                f"Dagster {dagster_version} has no module {module}, which the launcher's fork "
                "server preloads (it would be skipped silently and every run be slower)"
            )
    return problems


def report(problems: list[str]) -> str:
    return (
        f"moretale_assets/launcher.py was checked against Dagster {CHECKED} "
        "(see DAGSTER_PRIVATE there):\n  " + "\n  ".join(problems)
    )


def test_the_installed_dagster_has_everything_the_launcher_uses():
    problems = incompatibilities(installed_version("dagster"))
    if problems:
        pytest.fail(report(problems), pytrace=False)


def test_an_incompatible_dagster_fails_by_name():
    """The check above can fail: a Dagster out of range and missing one private symbol."""
    gone = ("dagster._core.launcher.base", "WorkerHealth", "a symbol this Dagster lacks")
    problems = incompatibilities("1.14.0", private=[gone], preload=[])
    assert len(problems) == 2, problems
    assert problems[0] == f"Dagster 1.14.0 is outside the checked range {CHECKED}"
    assert problems[1].startswith("Dagster 1.14.0 has no dagster._core.launcher.base.WorkerHealth")
    assert problems[1].endswith("launcher.py needs it: a symbol this Dagster lacks")
    assert CHECKED in report(problems)
    # Also an attribute of a public class, and a preloaded module.
    problems = incompatibilities(
        "1.13.27",
        checked=">=1.13.27,<1.14",
        private=[("dagster", "DefaultRunLauncher._no_such_attr", "why")],
        preload=["dagster._no_such_module", "numpy"],
    )
    assert [p.split(" (")[0].split(",")[0] for p in problems] == [
        "Dagster 1.13.27 has no dagster.DefaultRunLauncher._no_such_attr",
        "Dagster 1.13.27 has no module dagster._no_such_module",
    ]


def _used_private_names() -> set[tuple[str, str]]:
    """(module, name) for every private Dagster name launcher.py uses: names imported from a
    `dagster._*` module, private modules imported from `dagster`, and `self._x` attributes its
    classes inherit from a Dagster base class."""
    imported_from: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dagster"):
            for alias in node.names:
                imported_from[alias.asname or alias.name] = node.module
                if "._" in node.module or alias.name.startswith("_"):
                    used.add((node.module, alias.name))
        elif isinstance(node, ast.Import):
            used |= {(a.name, "") for a in node.names if a.name.startswith("dagster._")}
    for cls in (n for n in ast.walk(TREE) if isinstance(n, ast.ClassDef)):
        own = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
        attrs = [
            n
            for n in ast.walk(cls)
            if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
            and n.attr.startswith("_")
            and not n.attr.startswith("__")
        ]
        own |= {n.attr for n in attrs if isinstance(n.ctx, ast.Store)}
        base = next(b.id for b in cls.bases if isinstance(b, ast.Name))
        if base in imported_from:
            used |= {(imported_from[base], f"{base}.{n.attr}") for n in attrs if n.attr not in own}
    return used


def test_every_private_dagster_name_the_launcher_uses_is_listed_with_a_reason():
    listed = {(module, path) for module, path, why in PRIVATE if why.strip()}
    used = _used_private_names()
    assert used - listed == set(), "used in launcher.py but not listed in DAGSTER_PRIVATE"
    assert listed - used == set(), "listed in DAGSTER_PRIVATE but no longer used"


def test_pyproject_pins_the_checked_range_and_the_lock_is_inside_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "dagster"]
    assert [str(r.specifier) for r in pins] == [str(SpecifierSet(CHECKED))]
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    locked = next(p["version"] for p in lock["package"] if p["name"] == "dagster")
    assert locked in SpecifierSet(CHECKED)

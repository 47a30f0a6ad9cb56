import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("moretale_assets", "api")
# Dagster (and its dagster_* packages) is imported only where Dagster is wired or spoken to.
DAGSTER_ALLOWED = (
    "moretale_assets/defs/",
    "moretale_assets/definitions.py",
    "moretale_assets/launcher.py",
    "api/dagster_client.py",
)
PIPELINE_WIRING = (
    "moretale_assets.defs",
    "moretale_assets.definitions",
    "moretale_assets.launcher",
)
# (files under this prefix, may not import modules under these prefixes)
WALLS = (
    ("moretale_assets/lib/", (*PIPELINE_WIRING, "api")),
    ("api/", PIPELINE_WIRING),
    ("moretale_assets/defs/", ("api",)),
)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports included), with
    relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            found.append((node.lineno, mod))
            # `from moretale_assets import defs` imports the subpackage.
            found += [(node.lineno, f"{mod}.{alias.name}") for alias in node.names]
    return found


def under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def is_dagster(module: str) -> bool:
    top = module.split(".")[0]
    return top == "dagster" or top.startswith("dagster_")


def violations(root: Path = ROOT) -> list[str]:
    out = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for line, mod in imported_modules(path, root):
                if is_dagster(mod) and not rel.startswith(DAGSTER_ALLOWED):
                    out.append(
                        f"{rel}:{line} imports {mod} (dagster only in defs/, the launcher, "
                        "definitions.py and api/dagster_client.py)"
                    )
                for files, forbidden in WALLS:
                    if rel.startswith(files):
                        out += [
                            f"{rel}:{line} imports {mod} (wall: {files} must not import {f})"
                            for f in forbidden
                            if under(mod, f)
                        ]
    return sorted(set(out))


@pytest.mark.unit
def test_the_walls_hold():
    assert violations() == []


@pytest.mark.unit
def test_no_code_outside_storage_asks_which_storage_it_has():
    # Callers use the Storage Protocol (public_url, object_name, local_file), so a new backend
    # needs no change elsewhere.
    backends = {"LocalStorage", "S3Storage"}
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("moretale_assets/lib/storage/"):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "isinstance"
                    and len(node.args) == 2
                    and backends & {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                ):
                    found.append(f"{rel}:{node.lineno}")
    assert found == []


@pytest.mark.unit
def test_a_function_level_import_through_the_wall_is_caught(tmp_path):
    # The checker itself, on a copy of the layout with one forbidden import added deep inside
    # a function: it must see it.
    lib = tmp_path / "moretale_assets" / "lib"
    lib.mkdir(parents=True)
    (tmp_path / "api").mkdir()
    (lib / "x.py").write_text("def f():\n    from ..defs import pages\n    import dagster\n")
    found = violations(tmp_path)
    assert any("moretale_assets.defs" in v and "x.py:2" in v for v in found), found
    assert any("imports dagster" in v and "x.py:3" in v for v in found), found


def test_the_offline_code_location_does_not_import_cloud_sdks():
    # Every Dagster run worker imports the code location before it does any work; the Gemini
    # SDK (~1.5 s of CPU) and boto3 belong only to the runs that use them.
    probe = (
        "import sys, moretale_assets.definitions; "
        "print(sorted(m for m in ('google.genai', 'boto3', 'dagster_aws') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"

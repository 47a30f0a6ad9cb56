# Sourced by scripts/up and scripts/test: a locked, reproducible environment in .venv.
# Needs only Python 3.11+ and access to PyPI; uv itself comes from PyPI into .tools/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "MoreTale needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
UV_VERSION=0.13.9
if [ ! -x .tools/bin/uv ] || ! .tools/bin/uv --version | grep -q "$UV_VERSION"; then
  "$PYTHON" -m venv .tools
  .tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
export UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=.venv
# Bytecode is compiled here, once: with PYTHONDONTWRITEBYTECODE set (as on the CI machine) no
# process ever caches it, and every Dagster run worker, server and test subprocess compiled
# Dagster from source again (~2 s of CPU each). Later runs only recompile what changed.
.tools/bin/uv sync --locked --quiet --python "$PYTHON" --compile-bytecode
.venv/bin/python -m compileall -q -j 0 moretale_assets api devstack emulators bench >/dev/null

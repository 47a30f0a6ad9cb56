"""Retake the viewer screenshots in this folder (library.png, book.png, print.png, failed-page.png).

They are taken by the end-to-end tests, against a real stack with freshly made offline books:

    .venv/bin/python docs/screenshots/take.py

Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

if __name__ == "__main__":
    env = {**os.environ, "VIEWER_SCREENSHOTS": str(HERE)}
    args = [sys.executable, "-m", "pytest", "tests/e2e", "-q", "-p", "no:logging", *sys.argv[1:]]
    sys.exit(subprocess.call(args, cwd=ROOT, env=env))

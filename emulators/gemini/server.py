"""Running the emulator for tests and benchmarks: in a background thread or a subprocess.

    base_url, stop = start_emulator(EmulatorConfig(default={"latency_ms": 20}))
    try:
        client = genai.Client(api_key="x", http_options=types.HttpOptions(base_url=base_url))
        ...
    finally:
        stop()

The thread variant shares the test's process (and GIL); the subprocess variant keeps the
emulator's espeak and Pillow work off the client's interpreter, which benchmarks want.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import uvicorn

from emulators.gemini.app import Emulator, create_app
from emulators.gemini.config import EmulatorConfig

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[2]


def start_emulator(
    config: EmulatorConfig | None = None,
    *,
    port: int = 0,
    timeout_s: float = 10.0,
    clock: Callable[[], float] = time.time,
) -> tuple[str, Callable[[], None]]:
    """Serve the emulator under uvicorn in a daemon thread; return (base_url, stop)."""
    base_url, stop, _ = _start_thread(config, port=port, timeout_s=timeout_s, clock=clock)
    return base_url, stop


def _start_thread(
    config: EmulatorConfig | None,
    *,
    port: int,
    timeout_s: float,
    clock: Callable[[], float] = time.time,
) -> tuple[str, Callable[[], None], Emulator]:
    app = create_app(config or EmulatorConfig(), clock=clock)
    emu: Emulator = app.state.emulator
    # Bind first, so port 0 picks a free port and the URL is known before serving starts.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="gemini-emulator", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the Gemini emulator did not start")
        time.sleep(0.01)
    base_url = f"http://{HOST}:{sock.getsockname()[1]}"

    def stop() -> None:
        emu.stopping.set()  # wake requests sleeping in latency or timeout faults
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return base_url, stop, emu


@contextlib.contextmanager
def running_emulator(
    config: EmulatorConfig | None = None, *, clock: Callable[[], float] = time.time
) -> Iterator[tuple[str, Emulator]]:
    """`with running_emulator(cfg) as (base_url, emulator):` (the Emulator for direct peeks;
    `clock` lets a test move time for the quota windows)."""
    base_url, stop, emu = _start_thread(config, port=0, timeout_s=10.0, clock=clock)
    try:
        yield base_url, emu
    finally:
        stop()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_emulator_process(
    config: EmulatorConfig | None = None, *, port: int | None = None, timeout_s: float = 20.0
) -> tuple[str, Callable[[], None]]:
    """Run `python -m emulators.gemini` in a subprocess; return (base_url, stop)."""
    port = port or free_port()
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", delete=False, encoding="utf-8"
    ) as tmp:  # kept until stop(): the child reads it at start-up
        json.dump((config or EmulatorConfig()).model_dump(mode="json"), tmp)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulators.gemini", "--port", str(port), "--config", tmp.name],
        cwd=REPO_ROOT,
        env=env,
    )
    base_url = f"http://{HOST}:{port}"

    def stop() -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        Path(tmp.name).unlink(missing_ok=True)

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{base_url}/_emulator/health", timeout=1.0).status_code == 200:
                return base_url, stop
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop()
            raise RuntimeError(f"the Gemini emulator process did not start on port {port}")
        time.sleep(0.05)

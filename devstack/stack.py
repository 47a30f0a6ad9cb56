"""Start and stop the real processes (Dagster webserver + daemon) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from devstack.graphql_probe import ProbeClient
from moretale_assets.lib.contract import POOL_LIMITS_EMBEDDED

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STACK_FILE = "stack.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EMBEDDED = ROOT / "dagster_home" / "dagster.yaml"
PRODUCTION = ROOT / "deploy" / "dagster.yaml"


def prepare_home(home: Path, source: Path = EMBEDDED) -> Path:
    """A DAGSTER_HOME with the embedded default (or another) dagster.yaml."""
    home.mkdir(parents=True, exist_ok=True)
    if home.resolve() != source.parent.resolve():
        shutil.copyfile(source, home / "dagster.yaml")
    return home


@dataclass
class Stack:
    home: Path
    outputs: Path
    port: int = 3000
    env_extra: Mapping[str, str] = field(default_factory=dict)
    logs: Path | None = None
    api_port: int | None = None  # also start the API under uvicorn on this port
    instance_yaml: Path = EMBEDDED
    api_key: str = "dev-key"
    catalog: Path | None = None
    # Slots per Dagster pool; a benchmark sizes them to its provider quotas.
    pool_limits: Mapping[str, int] = field(default_factory=lambda: dict(POOL_LIMITS_EMBEDDED))
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    named: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        # The caller's MORETALE_* settings pass through (tests clear their own environment).
        env = dict(os.environ)
        env.update(
            DAGSTER_HOME=str(self.home),
            MORETALE_STORAGE_ROOT=str(self.outputs),
            MORETALE_DAGSTER_PORT=str(self.port),
            MORETALE_API_KEYS=self.api_key,
            MORETALE_CATALOG_PATH=str(self.catalog_path),
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            # `telemetry: enabled: false` in dagster.yaml does not stop Dagster's uploader;
            # this does (and nothing is written for it to upload).
            DAGSTER_DISABLE_TELEMETRY="1",
        )
        env.update(self.env_extra)
        return env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def catalog_path(self) -> Path:
        return self.catalog or self.home.parent / "catalog" / "catalog.duckdb"

    @property
    def log_dir(self) -> Path:
        """Process logs beside DAGSTER_HOME, never in `$DAGSTER_HOME/logs`: that folder is
        what Dagster's telemetry uploader reads, uploads and deletes, and these logs carry
        story ids (child-name slugs)."""
        log_dir = self.logs or self.home.parent / "logs"
        if log_dir.resolve() == (self.home / "logs").resolve():
            raise ValueError(f"{log_dir} is Dagster's telemetry folder; log elsewhere")
        return log_dir

    def client(self) -> ProbeClient:
        return ProbeClient("127.0.0.1", self.port)

    def _spawn(self, name: str, args: list[str]) -> None:
        log_dir = self.log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        out = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() takes the gRPC children too
        )
        self.procs.append(proc)
        self.named[name] = proc

    def start(self, timeout: float = 90.0) -> Stack:
        prepare_home(self.home, self.instance_yaml)
        self.outputs.mkdir(parents=True, exist_ok=True)
        self.set_pool_limits()
        workspace = str(ROOT / "workspace.yaml")
        self._spawn(
            "webserver",
            [
                str(BIN / "dagster-webserver"),
                "-w",
                workspace,
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
        )
        # A stack that fails half-way stops what it started: callers (fixtures, benches, `up`)
        # only stop a stack that started, so a failed API start used to leave Dagster running.
        try:
            self._spawn("daemon", [str(BIN / "dagster-daemon"), "run", "-w", workspace])
            self.wait_ready(timeout)
            if self.api_port:
                self.start_api(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def start_api(self, timeout: float = 60.0) -> None:
        import httpx

        self._spawn(
            "api",
            [
                str(BIN / "uvicorn"),
                "--factory",
                "api.main:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--no-access-log",
                # httptools with a bound on the request line and headers (431; api.server).
                "--http",
                "api.server:BoundedHttpToolsProtocol",
            ],
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.named["api"]
            if proc.poll() is not None:
                raise RuntimeError(f"API exited with {proc.returncode}; see its log")
            try:
                if httpx.get(f"{self.api_url}/readyz", timeout=2).status_code == 200:
                    self._record()
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"API not ready on {self.api_url} after {timeout:.0f} s")

    @property
    def record_path(self) -> Path:
        """Where a running stack says where it is: the `moretale` command finds its API here."""
        return self.home / STACK_FILE

    def _record(self) -> None:
        # No key in it: the command takes MORETALE_API_KEY or the dev key.
        data = {"api_url": self.api_url, "dagster_url": self.url, "pid": os.getpid()}
        tmp = self.record_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(self.record_path)

    def stop_api(self) -> None:
        proc = self.named.pop("api", None)
        if proc is None:
            return
        self.record_path.unlink(missing_ok=True)
        self.procs.remove(proc)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def set_pool_limits(self) -> None:
        """What `dagster instance concurrency set` does, without a CLI process per pool."""
        from dagster import DagsterInstance

        saved = {k: os.environ.get(k) for k in self.env_extra}
        os.environ.update(self.env_extra)  # the instance config may read its settings from env
        try:
            with DagsterInstance.from_config(str(self.home)) as instance:
                for pool, limit in self.pool_limits.items():
                    instance.event_log_storage.set_concurrency_slots(pool, limit)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def wait_ready(self, timeout: float) -> None:
        client, deadline = self.client(), time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{proc.args[0]} exited with {proc.returncode}; see logs in {self.log_dir}"
                    )
            if client.ping():
                return
            time.sleep(0.25)
        raise TimeoutError(f"Dagster webserver not ready on {self.url} after {timeout:.0f} s")

    def stop(self) -> None:
        self.record_path.unlink(missing_ok=True)
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()
        self.named.clear()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running(home: Path, outputs: Path, **kw: object) -> Iterator[Stack]:
    stack = Stack(home=home, outputs=outputs, **kw)  # type: ignore[arg-type]
    try:
        yield stack.start()
    finally:
        stack.stop()

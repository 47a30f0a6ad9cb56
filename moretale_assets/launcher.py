"""A run launcher that forks each run worker from a warm process instead of spawning a fresh one.

Dagster's default launcher asks the code server to start every run in a `spawn`ed interpreter
that imports Dagster from scratch: ~2 s of CPU per run on our 2-core machines, as long as the
whole offline book takes to make. Here the launching process (the daemon) keeps a
`multiprocessing` fork server that has already imported the heavy third-party modules; each run
worker is a fork of it that runs exactly what `dagster api execute_run` runs (the entry point
container launchers use), so the run itself behaves as under any other launcher.

Only third-party modules are preloaded: our own code is imported fresh by every run worker, so
an edited code location takes effect on the next run, as with the default launcher.

Termination is a SIGINT to the worker (what Dagster's code server does to its own run
processes); the worker's pid and host are kept as run tags so the webserver, which did not
launch it, can find it (a worker on another host cannot be signalled; the run's event log says
so). A run whose code location uses another interpreter falls back to the default launcher.

`WarmingQueuedRunCoordinator` is Dagster's queued coordinator plus one thing: in the daemon it
starts the fork server at the first dequeue tick, before any run needs it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from dagster import (
    Array,
    DagsterRun,
    DefaultRunLauncher,
    Field,
    Noneable,
    QueuedRunCoordinator,
    StringSource,
    serialize_value,
)
from dagster._core.launcher.base import CheckRunHealthResult, LaunchRunContext, WorkerStatus
from dagster._serdes.config_class import ConfigurableClassData

from moretale_assets.lib.contract import TAG_WORKER_HOST as HOST_TAG
from moretale_assets.lib.contract import TAG_WORKER_PID as PID_TAG

# Dagster's private API that this module uses, and why. `dagster._*` carries no stability
# promise, so every use is listed here (module, name, reason), and
# tests/defs/test_launcher_dagster.py fails, naming the symbol, the reason and the checked
# versions, when one is missing from the installed Dagster, when an installed Dagster is outside
# DAGSTER_CHECKED, or when this file uses a private name that is not listed. (The test reads
# these literals from the source, so it reports even when this module cannot be imported.)
# Checked against Dagster 1.13.27: the whole suite, incl. tests/integration/test_stack.py's fork,
# cancel and killed-worker tests. Every symbol below also resolves on 1.13.0 (the test, run with
# 1.13.0's wheels on PYTHONPATH); the lower bound can drop to 1.13 once the stack tests pass there.
DAGSTER_CHECKED = ">=1.13.27,<1.14"  # == pyproject.toml's `dagster` requirement (tested)
DAGSTER_PRIVATE = (
    ("dagster._core.launcher.base", "LaunchRunContext", "what launch_run is given: the run"),
    (
        "dagster._core.launcher.base",
        "CheckRunHealthResult",
        "what check_run_worker_health returns to Dagster's run monitoring",
    ),
    ("dagster._core.launcher.base", "WorkerStatus", "the status inside a CheckRunHealthResult"),
    (
        "dagster._serdes.config_class",
        "ConfigurableClassData",
        "how the instance hands dagster.yaml's launcher config to the launcher (inst_data)",
    ),
    (
        "dagster._cli.api",
        "execute_run_command",
        "the click command behind `dagster api execute_run`, run inside the forked worker",
    ),
    ("dagster._grpc.types", "ExecuteRunArgs", "the serialized argument execute_run expects"),
    (
        "dagster",
        "DefaultRunLauncher._run_ids",
        "runs this launcher started, which DefaultRunLauncher.join waits for",
    ),
    (
        "dagster",
        "DefaultRunLauncher._instance",
        "the instance the launcher is registered with (its runs, tags and events)",
    ),
    (
        "dagster",
        "QueuedRunCoordinator._instance",
        "the instance the coordinator is registered with (to reach its run launcher)",
    ),
)

# What a run worker imports before it can do anything, measured with `python -X importtime`
# on a worker: Dagster's execution and storage layers dominate, then numpy and Pillow. The fork
# server skips a module it cannot import, so a renamed private Dagster module here would only
# make runs slower: the compatibility test checks that every `dagster` module here exists.
DEFAULT_PRELOAD = (
    "dagster",
    "dagster._cli.api",
    "dagster._core.execution.api",
    "dagster._core.storage.runs.sqlite.sqlite_run_storage",
    "dagster._core.storage.event_log.sqlite.sqlite_event_log",
    "dagster._core.storage.schedules.sqlite.sqlite_schedule_storage",
    "dagster_postgres",
    "numpy",
    "pydantic",
    "pydantic_settings",
    "PIL.Image",
    "PIL.ImageDraw",
    "PIL.ImageFont",
    "espeakng_loader",
    # The Gemini path's SDK: ~1.5 s of CPU per run worker otherwise; only the fork server pays it.
    "google.genai",
    "google.genai.types",
)


def _in_daemon() -> bool:
    # A run worker inherits the daemon's sys.argv from multiprocessing, and its instance may
    # build a run coordinator too: without the parent check every run started a fork server.
    if multiprocessing.parent_process() is not None:
        return False
    entry = sys.argv[0] if sys.argv else ""
    return entry.endswith(("dagster-daemon", os.path.join("_daemon", "__main__.py")))


def run_worker(serialized_args: str) -> None:
    """The body of a forked run worker: `dagster api execute_run <args>`, in process."""
    from dagster._cli.api import execute_run_command

    # Everything inherited from the fork server is immortal here: keep the garbage collector
    # from walking (and copy-on-write faulting) Dagster's whole import graph in every worker.
    gc.freeze()

    # A fork keeps the fork server's signal dispositions; a run worker must react to SIGINT
    # (cancel) and SIGTERM (shutdown) as `dagster api execute_run` does.
    # (SIGTERM as SIGINT is all that Dagster's own `setup_interrupt_handlers` does on POSIX.)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    execute_run_command.main(
        [serialized_args], prog_name="dagster api execute_run", standalone_mode=False
    )


class WarmRunLauncher(DefaultRunLauncher):
    """Forks run workers from a preloaded fork server; see the module docstring."""

    def __init__(
        self,
        inst_data: ConfigurableClassData | None = None,
        preload_modules: Sequence[str] | None = None,
    ) -> None:
        super().__init__(inst_data=inst_data)
        self._preload = list(DEFAULT_PRELOAD if preload_modules is None else preload_modules)
        self._context: Any = None
        self._workers: dict[str, multiprocessing.process.BaseProcess] = {}
        self._lock = threading.Lock()

    @classmethod
    def config_type(cls) -> dict[str, Field]:
        return {
            "preload_modules": Field(
                Noneable(Array(StringSource)),
                is_required=False,
                default_value=None,
                description="Modules the fork server imports once (default: Dagster, numpy, "
                "Pillow, pydantic, espeak-ng, google-genai). Missing modules are skipped.",
            )
        }

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData, config_value: Mapping[str, Any]
    ) -> WarmRunLauncher:
        return cls(inst_data=inst_data, preload_modules=config_value.get("preload_modules"))

    def warm(self) -> None:
        """Start the fork server now rather than on the first launch."""
        from multiprocessing import forkserver

        with self._lock:
            self._fork_context()
            forkserver.ensure_running()

    def _fork_context(self) -> Any:
        if self._context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(self._preload)
            self._context = context
        return self._context

    def launch_run(self, context: LaunchRunContext) -> None:
        from dagster._grpc.types import ExecuteRunArgs

        run = context.dagster_run
        origin = run.job_code_origin
        if origin is None or origin.executable_path != sys.executable:
            # Another interpreter (a code location with its own venv): its code server spawns
            # the run, as Dagster's default launcher does.
            super().launch_run(context)
            return
        args = ExecuteRunArgs(
            job_origin=origin,
            run_id=run.run_id,
            instance_ref=self._instance.get_ref(),
            set_exit_code_on_failure=True,
        )
        # Launches that arrive while the fork server is still importing wait for it: a burst
        # then costs one import of Dagster, not one per run.
        with self._lock:
            self._reap()
            worker = self._fork_context().Process(
                target=run_worker,
                args=(serialize_value(args),),
                name=f"dagster-run-{run.run_id[:8]}",
            )
            worker.start()
            self._workers[run.run_id] = worker
        self._run_ids.add(run.run_id)
        self._instance.add_run_tags(
            run.run_id, {PID_TAG: str(worker.pid), HOST_TAG: socket.gethostname()}
        )

    def _reap(self) -> None:
        """Forget workers that have exited (joining releases their sentinels)."""
        for run_id, worker in list(self._workers.items()):
            if worker.exitcode is not None:
                worker.join()
                del self._workers[run_id]

    @staticmethod
    def _local_pid(run: DagsterRun) -> int | None:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if pid is None or host != socket.gethostname():
            return None
        return int(pid)

    def terminate(self, run_id: str) -> bool:
        run = self._instance.get_run_by_id(run_id)
        if not run or run.is_finished:
            return False
        if PID_TAG not in run.tags:
            return super().terminate(run_id)
        self._instance.report_run_canceling(run)
        pid = self._local_pid(run)
        if pid is None:
            self._instance.report_engine_event(
                message=f"Run worker is on host {run.tags.get(HOST_TAG)}; cannot signal it from "
                f"{socket.gethostname()}.",
                dagster_run=run,
                cls=self.__class__,
            )
            return False
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return False
        return True

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        if PID_TAG not in run.tags:
            return CheckRunHealthResult(WorkerStatus.UNKNOWN, "launched by the code server")
        pid = self._local_pid(run)
        if pid is None:
            return CheckRunHealthResult(WorkerStatus.UNKNOWN, "run worker on another host")
        with self._lock:
            worker = self._workers.get(run.run_id)
        if worker is not None:
            code = worker.exitcode
            if code is None:
                return CheckRunHealthResult(WorkerStatus.RUNNING, run_worker_id=str(pid))
            return CheckRunHealthResult(
                WorkerStatus.FAILED if code else WorkerStatus.SUCCESS,
                f"run worker {pid} exited with code {code}",
                run_worker_id=str(pid),
            )
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return CheckRunHealthResult(
                WorkerStatus.FAILED, f"run worker {pid} is gone", run_worker_id=str(pid)
            )
        except PermissionError:
            pass
        return CheckRunHealthResult(WorkerStatus.RUNNING, run_worker_id=str(pid))

    def dispose(self) -> None:
        with self._lock:
            self._reap()


class WarmingQueuedRunCoordinator(QueuedRunCoordinator):
    """Dagster's queued run coordinator, plus: in the daemon, start the warm launcher's fork
    server as soon as the daemon's first dequeue tick looks at the coordinator. Dagster builds
    the run launcher only on the first launch, so without this the first run of a session
    waits for the fork server's imports (5 s on a busy 2-core machine)."""

    def register_instance(self, instance: Any) -> None:
        super().register_instance(instance)
        if _in_daemon():
            threading.Thread(target=self._warm_launcher, name="warm-launcher", daemon=True).start()

    def _warm_launcher(self) -> None:
        launcher = self._instance.run_launcher
        if isinstance(launcher, WarmRunLauncher):
            launcher.warm()

"""A batch of Gemini books through the real stack against the emulator, next to its lower bound.

20 books x 24 pages (Korean/English) are launched at once through Dagster's GraphQL API (real
webserver, daemon and one process per run) against the Gemini emulator in its own process.
Every model has a fixed latency and an RPM quota; the same quotas are given to MoreTale's
pacing (MORETALE_GEMINI_RPM), so any 429 the emulator returns is one our pacing caused.

The emulator's TTS speaks like the real service (noise floor, breaths, varying rate, uneven
page pauses: `emulators.gemini.voice`), so the narration split re-asks what it cannot verify
and a book may need more TTS requests than the least work; `--ideal-speech` gives the old
clips joined by exact silence.

Printed: provider requests per book by model (emulator stats), 429s, wall time (first launch to
the last run's success), the lower bound the quotas and latencies allow for the requests the
batch made (`bound_s`; what pacing and scheduling are judged on) and for the least work
(`min_work_bound_s`: one story, ceil(pages/batch) TTS requests per language, a picture per
page and the cover; equal to `bound_s` when every split verifies), and diagnostics that say
where the difference went. The last lines are `tts_requests_per_book`, `self_caused_429`,
`wall_s`, `bound_s`, `wall_over_bound`, `min_work_bound_s`, `wall_over_min_work_bound`.

Modes:
- `--executor auto,in_process` measures the same batch once per executor, one after another
  in one invocation, and ends with each figure per executor (`wall_over_bound[auto]: …`).
- `--hosts 2 --pacing-url new`: two stacks with no common file (own DAGSTER_HOME, daemon, run
  workers, SQLite pacing file) sharing one emulator quota, their pacing in one new PostgreSQL
  database on 127.0.0.1:5432; without `--pacing-url` each host paces alone (the control).
- `--tier1`: one 24-page book at Tier-1 quotas (TTS 10 RPM / 100 RPD, text 1,000 RPM, images
  10 RPM: no Tier-1 image figure is published, see docs/benchmarks.md); prints
  `tier1_book_wall_s` and `tier1_wall_over_bound`. Explicit flags still override the preset.

Defaults: story 1 s / 60 RPM, TTS 1.5 s / 30 RPM, images 1 s / 300 RPM. The batch needs 20
story, 120 TTS and 500 image requests, so TTS binds: four 60 s windows, ~3 minutes. Each run
is a fresh process that costs ~5 CPU-s to load on this 2-core machine, so the quota has to be
slow enough for start-up to be a small part of the wall time; the CPU the batch used, and
what other processes on the machine used meanwhile, is printed too (a busy machine stretches
start-up and tail, not the quota windows).

    .venv/bin/python bench/throughput.py [--books 20] [--pages 24] [--keep DIR]
        [--executor auto[,in_process]] [--hosts 2 --pacing-url new] [--tier1] [--ideal-speech]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import yaml
from dagster import DagsterRunStatus
from offline_book import use_launcher

from devstack.book_runs import FINAL, create_book
from devstack.stack import EMBEDDED, Stack, free_port
from emulators.gemini import EmulatorConfig
from emulators.gemini.config import SpeechRealism
from emulators.gemini.server import start_emulator_process
from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS
from moretale_assets.lib.quota import Pacer
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import LocalStorage

STORY, TTS, IMAGE = DEFAULT_MODELS["story"], DEFAULT_MODELS["tts"], DEFAULT_MODELS["image"]
WINDOW_S = 60.0  # the emulator's (and Gemini's) sliding RPM window
RUN_TIMEOUT_S = 900.0  # hard ceiling on waiting for the batch, whatever the settings
EXECUTORS = ("auto", "in_process", "multiprocess")
# Tier 1 (billing linked) per ../shared/reference/providers-notes' companion table
# (peers-dagster-style.md §4): TTS 10 RPM / 100 RPD, text 1,000 RPM. Google publishes no
# Tier-1 RPM for the image models (the live page shows a project's limits only in AI Studio);
# 10 is the per-minute limit a public 429 body for the 3.1 Flash image model showed, and at 10
# the pictures bind, so it is the cautious choice.
TIER1 = {
    "books": 1,
    "pages": 24,
    "story_rpm": 1000,
    "tts_rpm": 10,
    "tts_rpd": 100,
    "image_rpm": 10,
    "max_runs": 2,
    "dequeue_workers": 2,
    "launch_threads": 1,
}


@dataclass(frozen=True)
class Model:
    name: str
    latency_s: float
    rpm: int
    rpd: int | None = None


def bench_instance_yaml(path: Path, max_runs: int, dequeue_workers: int, launcher: str) -> Path:
    """The embedded instance with more concurrent runs and a threaded dequeue: with the default
    4 runs, books queue behind runs that are only waiting for quota. A launch returns only once
    its run process has loaded the code (~5 CPU-s), and the daemon waits for a whole wave of
    launches before dequeuing again; with threads the wave's processes load side by side."""
    config: dict[str, Any] = yaml.safe_load(EMBEDDED.read_text(encoding="utf-8"))
    config["concurrency"]["runs"]["max_concurrent_runs"] = max_runs
    coordinator = config["run_coordinator"]["config"]
    coordinator["dequeue_use_threads"] = True
    coordinator["dequeue_num_workers"] = dequeue_workers
    use_launcher(config, launcher)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def work_per_book(pages: int, batch_pages: int) -> dict[str, int]:
    """Requests one book needs at the least: one story, ceil(pages/batch) TTS requests per
    language, a cover and one picture per page."""
    return {STORY: 1, TTS: 2 * math.ceil(pages / batch_pages), IMAGE: pages + 1}


def first_request_at(models: dict[str, Model]) -> dict[str, float]:
    """The earliest moment each model's first request can start (see lower_bound)."""
    story = models[STORY].latency_s
    return {STORY: 0.0, TTS: story, IMAGE: story}


def lower_bound(models: dict[str, Model], work: dict[str, int]) -> tuple[float, dict[str, float]]:
    """The earliest the last reply can arrive, for any scheduler that obeys the quotas.

    For a model with R requests under q requests per sliding 60 s window, requests k and k+q
    cannot both sit in one window, so request R starts at least floor((R-1)/q) * 60 s after the
    model's first request; it then takes the model's latency. The first request cannot start
    before the replies it depends on: TTS and the cover need a story (story latency); a page
    picture also needs its book's cover, but covers can fill the image model's first window, so
    only the story latency is charged to images. A single book's chain (story, then cover, then
    a page) is a bound as well. The bound is the largest of these; it ignores every cost that is
    not a quota or a latency (process start, CPU, polling), which is what the ratio measures.
    """
    first = first_request_at(models)
    story = models[STORY].latency_s
    per_model = {
        name: first[name] + math.floor((work[name] - 1) / m.rpm) * WINDOW_S + m.latency_s
        for name, m in models.items()
    }
    per_model["chain(story>cover>page)"] = story + 2 * models[IMAGE].latency_s
    return max(per_model.values()), per_model


def wait_daemon(url: str, timeout_s: float = 60.0) -> None:
    """Launching before the daemon's run coordinator is up would charge its start to the
    batch; wait for every required daemon to report healthy."""
    query = "{ instance { daemonHealth { allDaemonStatuses { daemonType required healthy } } } }"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            data = httpx.post(f"{url}/graphql", json={"query": query}, timeout=5).json()
            statuses = data["data"]["instance"]["daemonHealth"]["allDaemonStatuses"]
            if statuses and all(s["healthy"] for s in statuses if s["required"]):
                return
        except (httpx.HTTPError, KeyError, TypeError):
            pass
        time.sleep(0.5)
    raise TimeoutError("the Dagster daemon did not become healthy")


def window_gaps(times: list[float], rpm: int) -> list[float]:
    """t[k+q] - t[k] for every k: 60 s means the quota was used the moment it allowed."""
    return [times[k + rpm] - times[k] for k in range(len(times) - rpm)]


def max_in_window(times: list[float]) -> int:
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= WINDOW_S:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def reservations(paths: list[Path], url: str, model: str) -> list[float]:
    """Every host's reservations: one shared store (url), or each host's own file."""
    if url:
        return Pacer(url=url).reservations(model)
    out: list[float] = []
    for path in paths:
        with sqlite3.connect(path) as con:
            rows = con.execute("SELECT at FROM sent WHERE model = ?", [model]).fetchall()
        out += [r[0] for r in rows]
    return sorted(out)


CLK_TCK = os.sysconf("SC_CLK_TCK")
ROLES = (  # cmdline fragment -> role, first match wins
    ("emulators.gemini", "emulator"),
    ("dagster-webserver", "webserver"),
    ("dagster-daemon", "daemon"),
    ("api grpc", "code_servers"),
    ("spawn_main", "run_processes"),
    ("multiprocessing.forkserver", "run_processes"),  # WarmRunLauncher's workers (+ its server)
    ("resource_tracker", "code_servers"),
)


class CpuSampler(threading.Thread):
    """CPU seconds of every process this script started (by role, through the process tree),
    and of the whole machine, sampled twice a second. A process that ends between samples
    loses at most half a second of accounting, so the figures are slightly low."""

    def __init__(self, interval_s: float = 0.5) -> None:
        super().__init__(name="cpu-sampler", daemon=True)
        self.interval_s = interval_s
        self.seen: dict[tuple[int, int], tuple[str, float]] = {}  # (pid, start) -> role, cpu
        self.stop_event = threading.Event()
        self.machine0 = self.machine_busy()

    @staticmethod
    def machine_busy() -> float:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        values = [int(v) for v in fields]
        return (sum(values) - values[3] - values[4]) / CLK_TCK  # all but idle and iowait

    def sample(self) -> None:
        parents: dict[int, int] = {}
        info: dict[int, tuple[int, float]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry.name)
            parents[pid] = int(stat[1])
            info[pid] = (int(stat[19]), (int(stat[11]) + int(stat[12])) / CLK_TCK)
        me = os.getpid()
        for pid, (start, cpu) in info.items():
            p, depth = parents.get(pid), 0
            while p not in (None, 0, 1, me) and depth < 10:
                p, depth = parents.get(p), depth + 1
            if p != me:
                continue
            key = (pid, start)
            role = self.seen[key][0] if key in self.seen else self.role(pid)
            self.seen[key] = (role, cpu)

    @staticmethod
    def role(pid: int) -> str:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return "other"
        return next((role for frag, role in ROLES if frag in cmdline), "other")

    def run(self) -> None:
        while not self.stop_event.wait(self.interval_s):
            self.sample()

    def finish(self) -> tuple[dict[str, float], int, float]:
        """(CPU seconds by role, run processes seen, machine busy CPU seconds)."""
        self.sample()
        self.stop_event.set()
        by_role: dict[str, float] = {}
        runs = 0
        for role, cpu in self.seen.values():
            by_role[role] = by_role.get(role, 0.0) + cpu
            runs += role == "run_processes"
        return by_role, runs, self.machine_busy() - self.machine0


def describe(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"min {min(values):.2f}  median {statistics.median(values):.2f}  max {max(values):.2f}"


def book_request(i: int, pages: int) -> StoryRequest:
    return StoryRequest(
        child_name=f"Mina{i}",
        child_age=5,
        primary_lang="Korean",
        secondary_lang="English",
        theme="friendship",
        page_count=pages,
    )


def on_sigterm(_signum: int, _frame: object) -> None:
    print("SIGTERM: stopping the stack and the emulator", file=sys.stderr, flush=True)
    sys.exit(143)


def executor_list(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in EXECUTORS]
    if not names or bad:
        raise argparse.ArgumentTypeError(f"executors are {', '.join(EXECUTORS)}; got {value!r}")
    return names


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", type=int, default=20)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--story-latency", type=float, default=1.0)
    parser.add_argument("--story-rpm", type=int, default=60)
    parser.add_argument("--tts-latency", type=float, default=1.5)
    parser.add_argument("--tts-rpm", type=int, default=30)
    parser.add_argument("--tts-rpd", type=int, help="TTS requests per day (emulator only)")
    parser.add_argument("--image-latency", type=float, default=1.0)
    parser.add_argument("--image-rpm", type=int, default=300)
    # 30 TTS requests a minute serve 5 books; a sixth run is the next window's first book.
    parser.add_argument("--max-runs", type=int, default=6, help="max_concurrent_runs")
    parser.add_argument("--dequeue-workers", type=int, default=6, help="parallel run launches")
    parser.add_argument("--launch-threads", type=int, default=8, help="parallel GraphQL launches")
    parser.add_argument(
        "--launcher",
        choices=("warm", "default"),
        default="warm",
        help="run launcher: the instance's WarmRunLauncher or Dagster's DefaultRunLauncher",
    )
    parser.add_argument("--page-workers", type=int, default=12)
    parser.add_argument("--batch-pages", type=int, default=8, help="pages per TTS request")
    # Pools default to --max-runs, i.e. they never block: a step waiting for a pool slot in
    # Dagster 1.13's in-process executor spins without sleeping (interval_to_next_pending_
    # claim_check returns min(0, ...)), which on 2 cores starves every other run. The RPM
    # pacing, not the pools, is what keeps the batch within the quotas.
    parser.add_argument("--story-pool", type=int)
    parser.add_argument("--speech-pool", type=int)
    parser.add_argument("--illustrator-pool", type=int)
    parser.add_argument("--keep", type=Path, help="keep DAGSTER_HOME, logs and books here")
    parser.add_argument(
        "--hosts",
        type=int,
        default=1,
        help="independent stacks (webserver, daemon, run workers, own files) sharing the "
        "emulator's quota; books are spread over them",
    )
    parser.add_argument(
        "--pacing-url",
        default="",
        help="quota state shared by the hosts (postgresql://…); 'new' creates a database on "
        "127.0.0.1:5432 for each batch; empty: each host paces alone in its own SQLite file",
    )
    parser.add_argument(
        "--executor",
        type=executor_list,
        default=["auto"],
        help="MORETALE_BOOK_EXECUTOR: auto overlaps narration and pictures (remote providers); "
        "a comma list (auto,in_process) measures the batch once per executor, in turn",
    )
    parser.add_argument(
        "--ideal-speech",
        action="store_true",
        help="emulator TTS as exact-silence joins (realism off); the default is realistic",
    )
    parser.add_argument(
        "--tier1",
        action="store_true",
        help="one 24-page book at Tier-1 quotas (see TIER1); explicit flags still override",
    )
    args = parser.parse_args()
    if args.tier1:  # the preset replaces the defaults only, so a flag given still wins
        parser.set_defaults(**TIER1)
        args = parser.parse_args()
    if not 1 <= args.books <= 100 or not 4 <= args.pages <= 32:
        parser.error("--books must be 1..100 and --pages 4..32")
    for pool in ("story_pool", "speech_pool", "illustrator_pool"):
        if getattr(args, pool) is None:
            setattr(args, pool, args.max_runs)
    return args


def main() -> int:
    args = parse_args()
    # SIGTERM (a supervisor, `timeout`) must still reach the `finally` that stops the stack and
    # the emulator; Python's default would end the process without unwinding.
    signal.signal(signal.SIGTERM, on_sigterm)
    models = {
        STORY: Model(STORY, args.story_latency, args.story_rpm),
        TTS: Model(TTS, args.tts_latency, args.tts_rpm, args.tts_rpd),
        IMAGE: Model(IMAGE, args.image_latency, args.image_rpm),
    }
    per_book = work_per_book(args.pages, args.batch_pages)
    work = {name: n * args.books for name, n in per_book.items()}

    print(f"books: {args.books}  pages_per_book: {args.pages}  languages: Korean/English")
    for m in models.values():
        rpd = f"  rpd {m.rpd}" if m.rpd else ""
        print(f"model {m.name}: latency_s {m.latency_s}  rpm {m.rpm}{rpd}  least {work[m.name]}")
    print(
        f"stack: max_concurrent_runs {args.max_runs}  page_workers {args.page_workers}  "
        f"tts_batch_pages {args.batch_pages}  pools story_writer={args.story_pool} "
        f"speech={args.speech_pool} illustrator={args.illustrator_pool}  "
        f"launcher {args.launcher}"
    )
    print(f"speech: {describe_speech(emulator_config(models, args.ideal_speech))}")
    print(
        f"hosts: {args.hosts}  quota state: "
        f"{'shared PostgreSQL' if args.pacing_url else 'SQLite file per host'}  "
        f"executors: {','.join(args.executor)}"
    )
    figures: dict[str, dict[str, str]] = {}
    for executor in args.executor:
        print(f"=== executor {executor} ===", flush=True)
        result = measure(args, models, work, executor)
        if result is None:
            return 1
        figures[executor] = result
    ok = all(f["runs_failed"] == "0" for f in figures.values())
    for name in FIGURES:
        for executor, f in figures.items():
            label = name if len(figures) == 1 else f"{name}[{executor}]"
            print(f"{label}: {f[name]}")
    if args.tier1:
        for executor, f in figures.items():
            suffix = "" if len(figures) == 1 else f"[{executor}]"
            print(f"tier1_book_wall_s{suffix}: {f['wall_s']}")
            print(f"tier1_wall_over_bound{suffix}: {f['wall_over_bound']}")
    return 0 if ok else 1


FIGURES = (
    "tts_requests_per_book",
    "self_caused_429",
    "wall_s",
    "bound_s",
    "wall_over_bound",
    "min_work_bound_s",
    "wall_over_min_work_bound",
)


def measure(
    args: argparse.Namespace, models: dict[str, Model], work: dict[str, int], executor: str
) -> dict[str, str] | None:
    """One batch with one executor: its diagnostics printed, its figures returned."""
    with tempfile.TemporaryDirectory(prefix="moretale-throughput-") as tmp_name:
        tmp = (args.keep.resolve() / executor) if args.keep else Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        # A fresh quota store per batch: the previous batch's reservations would still fill
        # the first window of the next one.
        pacing_url = new_database() if args.pacing_url == "new" else args.pacing_url
        result = run_batch(args, models, tmp, executor, pacing_url)
    if result is None:
        return None
    timings, stats, sent, cpu, t0 = result

    wall = max(t["endTime"] for t in timings.values()) - t0
    report_runs(timings, t0)
    report_cpu(*cpu, wall)
    # Requests the emulator served (429s excluded: they took no quota): with realistic speech
    # the split re-asks what it cannot verify, so TTS may need more than the least work.
    made = {name: requests_served(stats, name) for name in models}
    print("provider requests per book (emulator stats):")
    for name in models:
        m = stats["models"].get(name, {"requests": 0, "by_status": {}})
        print(
            f"  {name}: {m['requests'] / args.books:g}  "
            f"(total {m['requests']}, by status {m['by_status']}, least {work[name]})"
        )
    report_quota_use(models, stats, sent, t0)
    bound, bound_parts = lower_bound(models, made)
    min_bound, _ = lower_bound(models, work)
    print("lower bound per model (s): " + "  ".join(f"{k} {v:.2f}" for k, v in bound_parts.items()))
    report_gap(models, made, stats, t0, wall)
    failed = [r for r, t in timings.items() if t["status"] != DagsterRunStatus.SUCCESS.value]
    print(f"runs_succeeded: {len(timings) - len(failed)}/{len(timings)}")
    return {
        "runs_failed": str(len(failed)),
        "tts_requests_per_book": f"{made[TTS] / args.books:g}",
        "self_caused_429": str(stats["total_429"]),
        "wall_s": f"{wall:.1f}",
        "bound_s": f"{bound:.1f}",
        "wall_over_bound": f"{wall / bound:.3f}",
        "min_work_bound_s": f"{min_bound:.1f}",
        "wall_over_min_work_bound": f"{wall / min_bound:.3f}",
    }


def requests_served(stats: dict[str, Any], model: str) -> int:
    log = stats["models"].get(model, {}).get("log", [])
    return sum(1 for e in log if e["status"] != 429)


def emulator_config(models: dict[str, Model], ideal_speech: bool) -> EmulatorConfig:
    """Fixed latency and quotas per model; realistic speech unless asked for ideal clips."""
    return EmulatorConfig(
        seed=11,
        models={
            m.name: {"latency_ms": round(m.latency_s * 1000), "rpm": m.rpm}
            | ({"rpd": m.rpd} if m.rpd else {})
            for m in models.values()
        },
        speech=SpeechRealism(enabled=not ideal_speech),
    )


def describe_speech(config: EmulatorConfig) -> str:
    s = config.speech
    if not s.enabled:
        return f"ideal (espeak-ng passages joined by {config.page_pause_s} s of exact silence)"
    return (
        f"realistic (noise floor {s.noise_floor_dbfs:g} dBFS, breaths {s.breath_dbfs:g} dBFS "
        f"before {s.breath_rate:.0%} of phrases, {s.rate_syl_s[0]:g}-{s.rate_syl_s[1]:g} "
        f"syllables/s ±{s.rate_jitter:.0%}, sentence-length page pauses in "
        f"{s.unreliable_pauses:.0%} of clips, non-conforming directions spoken)"
    )


Batch = tuple[
    dict[str, dict[str, Any]],
    dict[str, Any],
    dict[str, list[float]],
    tuple[dict[str, float], int, float],
    float,
]


def run_batch(
    args: argparse.Namespace,
    models: dict[str, Model],
    tmp: Path,
    executor: str,
    pacing_url: str,
) -> Batch | None:
    """Start the emulator and the stack, launch every book at once, wait for all runs; the
    emulator and the stack are stopped whatever happens. Each call starts a fresh emulator,
    so its quota windows and statistics are this batch's alone."""
    emulator = emulator_config(models, args.ideal_speech)
    pacings = [tmp / f"host{h}" / "pacing.sqlite" for h in range(args.hosts)]
    sampler = CpuSampler()
    sampler.start()
    base_url, stop_emulator = start_emulator_process(emulator)
    stacks: list[Stack] = []
    try:
        for h in range(args.hosts):
            home = tmp if args.hosts == 1 else tmp / f"host{h}"
            home.mkdir(parents=True, exist_ok=True)
            stacks.append(
                Stack(
                    home=home / "home",
                    outputs=home / "out",
                    logs=home / "stack-logs",
                    port=free_port(),
                    instance_yaml=bench_instance_yaml(
                        home / "bench-dagster.yaml",
                        args.max_runs,
                        args.dequeue_workers,
                        args.launcher,
                    ),
                    pool_limits={
                        "story_writer": args.story_pool,
                        "speech": args.speech_pool,
                        "illustrator": args.illustrator_pool,
                    },
                    env_extra={
                        "MORETALE_GEMINI_API_KEY": "emulator-key",
                        "MORETALE_GEMINI_BASE_URL": base_url,
                        "MORETALE_GEMINI_RPM": json.dumps({m.name: m.rpm for m in models.values()}),
                        "MORETALE_PACING_PATH": str(pacings[h]),
                        "MORETALE_PACING_URL": pacing_url,
                        "MORETALE_BOOK_EXECUTOR": executor,
                        "MORETALE_TTS_BATCH_PAGES": str(args.batch_pages),
                        "MORETALE_PAGE_WORKERS": str(args.page_workers),
                        # A launch waits for the run process to load; on a busy machine that can
                        # take longer than gRPC's 60 s default, and the run would be failed.
                        "DAGSTER_GRPC_TIMEOUT_SECONDS": "300",
                        # The webserver's telemetry thread ignores `telemetry: enabled: false`
                        # and would post whatever sits in $DAGSTER_HOME/logs to
                        # telemetry.dagster.io; only this variable stops it.
                        "DAGSTER_DISABLE_TELEMETRY": "1",
                    },
                )
            )
        started = time.monotonic()
        for stack in stacks:
            stack.start()
            wait_daemon(stack.url)
        print(f"stack_start_s: {time.monotonic() - started:.1f}")
        clients = [(stack.client(), LocalStorage(stack.outputs)) for stack in stacks]
        machine0, ours0 = CpuSampler.machine_busy(), dict(sampler.seen)

        # Launch like a burst of API calls, several at a time: the daemon dequeues in waves and
        # waits for a whole wave's run processes to load before the next, so the first wave
        # should find a window's worth of books already queued. Books alternate between hosts.
        def launch(i: int) -> tuple[int, str]:
            client, storage = clients[i % len(clients)]
            return i % len(clients), create_book(client, storage, book_request(i, args.pages))[1]

        t0 = time.time()
        with ThreadPoolExecutor(max_workers=args.launch_threads) as pool:
            launched = list(pool.map(launch, range(args.books)))
        print(f"launch_all_s: {time.time() - t0:.2f}")

        # One query a second per host: polling each run would cost the webserver (which
        # shares the cores with the runs) more CPU than the answers are worth.
        finals = {s.value for s in FINAL}
        pending: set[str] = {run for _, run in launched}
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while pending and time.monotonic() < deadline:
            time.sleep(1.0)
            for client, _ in clients:
                for run in client.runs_updated_after(t0 - 1):
                    if run["status"] in finals:
                        pending.discard(run["runId"])
        if pending:
            print(f"{len(pending)} runs unfinished after {RUN_TIMEOUT_S:.0f} s", file=sys.stderr)
            # What was sent and refused so far still says whether pacing held.
            stats = httpx.get(f"{base_url}/_emulator/stats", timeout=10).json()
            for name in models:
                m = stats["models"].get(name, {"requests": 0, "by_status": {}})
                print(f"unfinished: {name} requests {m['requests']} by status {m['by_status']}")
            report_quota_use(models, stats, {}, t0)
            print(f"unfinished: self_caused_429 {stats['total_429']}")
            return None
        by_role, runs_seen, _ = sampler.finish()
        machine = CpuSampler.machine_busy() - machine0
        for role, cpu in ours0.values():  # start-up CPU, before t0, is not the batch's
            by_role[role] -= cpu
        timings = {r: clients[h][0].run_timing(r) for h, r in launched}
        for h, run_id in launched:
            if timings[run_id]["status"] != DagsterRunStatus.SUCCESS.value:
                print(
                    f"run {run_id} {timings[run_id]['status']}: "
                    f"{first_error(clients[h][0], run_id)}",
                    file=sys.stderr,
                )
        stats = httpx.get(f"{base_url}/_emulator/stats", timeout=10).json()
        sent = {name: reservations(pacings, pacing_url, name) for name in models}
        if args.keep:  # for a closer look afterwards
            (tmp / "emulator-stats.json").write_text(json.dumps(stats), encoding="utf-8")
            (tmp / "run-timings.json").write_text(json.dumps(timings), encoding="utf-8")
        return timings, stats, sent, (by_role, runs_seen, machine), t0
    finally:
        sampler.stop_event.set()
        for stack in stacks:
            stack.stop()
        stop_emulator()


def new_database() -> str:
    """A fresh database on the machine's PostgreSQL for this run's quota state."""
    import psycopg2

    name = f"moretale_bench_{os.getpid()}_{int(time.time())}"
    con = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    con.autocommit = True
    con.cursor().execute(f'CREATE DATABASE "{name}"')
    con.close()
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def first_error(client: Any, run_id: str) -> str:
    events, _, _ = client.run_logs(run_id, None)
    for e in events:
        if e["__typename"] == "ExecutionStepFailureEvent":
            return (e.get("error") or {}).get("message", "")[:300]
    return "no step failure recorded"


def report_cpu(by_role: dict[str, float], runs: int, machine: float, wall: float) -> None:
    """Whose CPU the batch used, against what 2 cores offer in the wall time: the stack is
    CPU-bound when the machine's busy time approaches cores x wall."""
    cores = os.cpu_count() or 1
    ours = sum(by_role.values())
    parts = "  ".join(f"{k} {v:.0f}" for k, v in sorted(by_role.items(), key=lambda kv: -kv[1]))
    print(f"cpu_s ours {ours:.0f} ({parts}); run processes seen {runs}")
    print(
        f"cpu_s machine {machine:.0f} of {cores * wall:.0f} available "
        f"({cores} cores x wall); not ours {max(0.0, machine - ours):.0f}"
    )


def report_runs(timings: dict[str, dict[str, Any]], t0: float) -> None:
    """Where a run's time goes: queueing, process start, and each step."""
    queued = [t["startTime"] - t["creationTime"] for t in timings.values()]
    starts = sorted(t["startTime"] - t0 for t in timings.values())
    ends = sorted(t["endTime"] - t0 for t in timings.values())
    print(f"run queued_to_start_s: {describe(queued)}")
    print(f"run start_after_t0_s: first {starts[0]:.1f}  last {starts[-1]:.1f}")
    print(f"run end_after_t0_s: first {ends[0]:.1f}  last {ends[-1]:.1f}")
    steps: dict[str, list[float]] = {}
    first_step: list[float] = []
    for t in timings.values():
        stats = [s for s in t["stepStats"] if s["startTime"] and s["endTime"]]
        for s in stats:
            steps.setdefault(s["stepKey"], []).append(s["endTime"] - s["startTime"])
        if stats:
            first_step.append(min(s["startTime"] for s in stats) - t["startTime"])
    print(f"run start_to_first_step_s: {describe(first_step)}")
    for key, values in steps.items():
        print(f"step {key}_s: {describe(values)}")


def report_gap(
    models: dict[str, Model], work: dict[str, int], stats: dict[str, Any], t0: float, wall: float
) -> None:
    """Where wall - bound went, along the binding model's chain of requests R, R-q, R-2q, ...
    down to r0 = R - n*q, n = floor((R-1)/q). The bound assumes request r0 starts at the
    earliest moment, every link of the chain is exactly 60 s and the wall ends with the last
    reply; so wall - bound = (late start of r0) + sum(link - 60 s) + (tail after the last
    reply). The first is start-up (run processes, story), the second pacing margin and stalls,
    the third the last book's remaining work."""
    first = first_request_at(models)
    name = max(
        models,
        key=lambda n: first[n] + math.floor((work[n] - 1) / models[n].rpm) * WINDOW_S,
    )
    m, r = models[name], work[name]
    log = stats["models"].get(name, {}).get("log", [])
    times = sorted(e["t"] - t0 for e in log if e["status"] == 200)
    if len(times) < r:
        print(f"gap: only {len(times)} of {r} {name} requests succeeded; no breakdown")
        return
    n = (r - 1) // m.rpm
    chain = [times[r - 1 - j * m.rpm] for j in range(n, -1, -1)]  # t[r0], ..., t[R]
    start = chain[0] - first[name]
    links = sum(b - a - WINDOW_S for a, b in pairwise(chain))
    tail = wall - chain[-1] - m.latency_s
    print(
        f"gap (binding model {name}): start-up {start:.1f} s (request #{r - n * m.rpm} at "
        f"{chain[0]:.1f} s, earliest {first[name]:.1f} s) + window links over 60 s "
        f"{links:.1f} s ({n} links) + tail {tail:.1f} s after the last reply"
    )


def report_quota_use(
    models: dict[str, Model], stats: dict[str, Any], sent: dict[str, list[float]], t0: float
) -> None:
    """How tightly each quota was used, and how late requests reached the emulator after our
    pacing reserved them (a late arrival can land in a window the pacer thought was free)."""
    for name, m in models.items():
        log = stats["models"].get(name, {}).get("log", [])
        times = sorted(e["t"] for e in log if e["status"] != 429)
        if not times:
            continue
        gaps = window_gaps(times, m.rpm)
        print(
            f"quota {name}: first_request_s {times[0] - t0:.2f}  last_request_s "
            f"{times[-1] - t0:.2f}  max_in_60s {max_in_window(times)}/{m.rpm}"
        )
        if gaps:
            # With every later request sent the moment the window allows, the last one goes
            # out at (request #rpm) + n x 60 s: a late #rpm is start-up, larger gaps are stalls.
            marks = "  ".join(
                f"#{k} {times[k - 1] - t0:.1f}" for k in range(m.rpm, len(times) + 1, m.rpm)
            )
            print(f"  request_sent_s: {marks}")
            print(f"  t[k+rpm]-t[k]_s: {describe(gaps)}")
        reserved = sent.get(name, [])
        arrivals = sorted(e["t"] for e in log)  # 429s too: each had a reservation
        if len(reserved) == len(arrivals):
            # Matched by rank: requests of one model are close to first-reserved, first-sent.
            lag = [a - r for a, r in zip(arrivals, reserved, strict=True)]
            print(f"  arrival_minus_reservation_s: {describe(lag)}")
        rejected = [e["t"] - t0 for e in log if e["status"] == 429]
        if rejected:
            print("  429_at_s: " + " ".join(f"{t:.1f}" for t in sorted(rejected)))


if __name__ == "__main__":
    raise SystemExit(main())

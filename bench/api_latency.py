"""API read latency on a 10,000-story catalog, and catalog freshness, on the real stack.

1. Starts Dagster (webserver + daemon) and the API on 127.0.0.1 with temporary homes, makes one
   real 24-page Korean/English book through `POST /api/stories/` and waits for it.
2. Stops the API (the only process that opens the catalog), copies that book's `stories` and
   `pages` rows into N synthetic stories (distinct ids, varied names, languages, statuses and
   creation times), and starts the API again.
3. Reads every completed book and its status once, as a day of traffic would (the API's read
   cache, see api/catalog/cache.py, then holds them), and runs bench/loadgen.py as a separate
   process, once per endpoint: `GET /healthz` (the ceiling: same app, middleware and server, no
   catalog), `GET /api/stories/{id}/result` and `GET /api/stories/{id}` for random completed
   ids, and filtered lists; closed loop, C concurrent clients. The client sends
   `Accept-Encoding: gzip` as browsers and HTTP libraries do; `*_identity` lines are the same
   load from a client that does not.
4. Launches real books through the API and measures freshness: the moment a client polling
   `GET /api/stories/{id}` every 50 ms first sees `completed`, minus the run's `endTime` in
   Dagster.
5. Restarts the API with the read cache off (MORETALE_READ_CACHE_MB=0) and loads the book and
   the list again: what every request costs when it reaches DuckDB.

Prints every figure as `name: value`; the last five lines are result_p99_ms, result_rps,
ceiling_rps, list_p99_ms and freshness_p95_s.

    .venv/bin/python bench/api_latency.py [--stories 10000] [--books 10] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from api.catalog.db import Catalog
from bench.loadgen import percentile
from devstack.stack import Stack, free_port
from moretale_assets.lib.languages import LANGUAGES
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.story_ids import new_story_id

KEY = "bench-key"
LOADGEN = Path(__file__).resolve().parent / "loadgen.py"
FINAL = ("completed", "failed", "canceled")
NAMES = (
    "Mina", "Minjun", "Seoa", "Jiho", "Haeun", "Yuna", "Doyun", "Sora", "Liam", "Olivia",
    "Noah", "Emma", "Mateo", "Sofia", "Lucas", "Chloe", "Hana", "Yuto", "Sakura", "Wei",
    "Mei", "Lan", "Minh", "Elodie", "Jonas", "Lena", "Camila", "Diego", "Aiden", "Min-seo",
    "서아", "민준", "하은", "지호", "さくら", "陽翔", "小美", "Zoë", "Léa", "Jürgen",
)  # fmt: skip
# Roughly what a Korean-first service would hold: mostly Korean or English first.
PRIMARY_WEIGHTS = {"Korean": 40, "English": 25, "Japanese": 8, "Chinese": 8, "Spanish": 6,
                   "Vietnamese": 5, "French": 4, "German": 4}  # fmt: skip
STATUS_WEIGHTS = {"completed": 80, "failed": 6, "canceled": 4, "running": 3, "queued": 7}
RESULT_PATH = "/api/stories/{id}/result"
DETAIL_PATH = "/api/stories/{id}"  # what apps poll for status and progress
LIST_PATH = "/api/stories/?primary_lang=Korean&status=completed&limit=20"
SEARCH_PATH = "/api/stories/?child_name=min&limit=20"


def api_client(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.api_url, headers={"X-API-Key": KEY}, timeout=30)


def book_body(i: int, pages: int) -> dict[str, Any]:
    return {
        "child_name": f"Mina{i}",
        "child_age": 5,
        "primary_lang": "Korean",
        "secondary_lang": "English",
        "theme": "friendship",
        "page_count": pages,
    }


def wait_visible(api: httpx.Client, story_id: str, timeout: float) -> tuple[dict[str, Any], float]:
    """Poll every 50 ms; returns the first final detail and the wall time it was received."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = api.get(f"/api/stories/{story_id}")
        seen = time.time()
        resp.raise_for_status()
        detail = resp.json()
        if detail["status"] in FINAL:
            return detail, seen
        time.sleep(0.05)
    raise TimeoutError(f"{story_id} not final after {timeout:.0f} s")


# --- seeding -------------------------------------------------------------------------------
def seed_catalog(catalog: Path, template_id: str, n: int, seed: int) -> list[str]:
    """Insert n synthetic stories copied from the template; returns the completed ids."""
    rng = random.Random(seed)
    # Through the API's own Catalog class, so the rows are stored with whatever connection
    # settings the API itself would write them with.
    cat = Catalog(catalog)
    try:
        cur = cat.cursor().execute("SELECT * FROM stories WHERE id = ?", [template_id])
        row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
        request = json.loads(row["request"])
        langs = [lang.name for lang in LANGUAGES]
        now = time.time()
        span = 180 * 86400.0  # half a year of history, all older than the real book
        seen: set[str] = {template_id}
        params: list[dict[str, Any]] = []
        for i in range(n):
            created = now - 60 - span * (i + rng.random()) / n
            name = rng.choice(NAMES)
            primary = rng.choices(list(PRIMARY_WEIGHTS), list(PRIMARY_WEIGHTS.values()))[0]
            secondary = "English" if primary != "English" else "Korean"
            if rng.random() < 0.3:
                secondary = rng.choice([lang for lang in langs if lang != primary])
            status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            stamp = datetime.fromtimestamp(created, UTC)
            sid = new_story_id(name, request.get("theme", ""), now=stamp)
            while sid in seen:
                sid = new_story_id(name, request.get("theme", ""), now=stamp)
            seen.add(sid)
            req = StoryRequest.model_validate(
                request | {"child_name": name, "primary_lang": primary, "secondary_lang": secondary}
            )
            done = status == "completed"
            params.append(
                {
                    "id": sid,
                    "created_at": created,
                    "updated_at": created + (8.0 if status in FINAL else 0.5),
                    "request": req.model_dump_json(),
                    "child_name": name,
                    "child_name_lower": name.lower(),
                    "primary_lang": primary,
                    "secondary_lang": secondary,
                    "status": status,
                    "run_status": {
                        "completed": "SUCCESS",
                        "failed": "FAILURE",
                        "canceled": "CANCELED",
                        "running": "STARTED",
                        "queued": "QUEUED",
                    }[status],
                    "run_id": f"{rng.getrandbits(128):032x}",
                    "done": done,
                    "error": json.dumps(
                        {"code": "GENERATION_FAILED", "message": "run failed", "detail": {}}
                    )
                    if status == "failed"
                    else None,
                }
            )
        # One bulk INSERT ... SELECT from a JSON-lines file: per-row executemany is far slower.
        seed_file = catalog.parent / "seed.jsonl"  # in the bench's temporary directory
        seed_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in params))
        with cat.write(touches=None) as w:
            w.execute(
                "CREATE TEMP TABLE seed AS SELECT * FROM read_json(?, format = 'newline_delimited',"
                " columns = {id: 'VARCHAR', created_at: 'DOUBLE', updated_at: 'DOUBLE',"
                " request: 'VARCHAR', child_name: 'VARCHAR', child_name_lower: 'VARCHAR',"
                " primary_lang: 'VARCHAR', secondary_lang: 'VARCHAR', status: 'VARCHAR',"
                " run_status: 'VARCHAR', run_id: 'VARCHAR', done: 'BOOLEAN', error: 'VARCHAR'})",
                [str(seed_file)],
            )
            w.execute(
                """INSERT INTO stories (id, created_at, updated_at, request, child_name,
               child_name_lower, primary_lang, secondary_lang, page_count, idempotency_key,
               request_hash, status, run_id, run_kind, run_status, title_primary,
               title_secondary, has_story, has_partial_failures, progress, error, result,
               cover_url, deleted_at)
               SELECT s.id, s.created_at, s.updated_at, s.request, s.child_name,
                 s.child_name_lower, s.primary_lang, s.secondary_lang, t.page_count, NULL,
                 t.request_hash, s.status, s.run_id, 'book', s.run_status,
                 CASE WHEN s.done THEN t.title_primary END,
                 CASE WHEN s.done THEN t.title_secondary END,
                 s.done, false, CASE WHEN s.done THEN t.progress END, s.error,
                 -- the template id only occurs as the id and inside the asset URLs
                 CASE WHEN s.done THEN replace(t.result, t.id, s.id) END,
                 CASE WHEN s.done THEN replace(t.cover_url, t.id, s.id) END, NULL
               FROM seed s, (SELECT * FROM stories WHERE id = ?) t
               -- rows in creation order, as the API appends them: DuckDB reads a long
               -- string by decompressing its 2048-row vector from the start, so where a
               -- row sits decides what reading it costs
               ORDER BY s.created_at""",
                [template_id],
            )
            w.execute(
                "INSERT INTO pages SELECT s.id, p.page_number, p.text_primary, p.text_secondary,"
                " p.audio_primary_status, p.audio_secondary_status, p.illustration_status"
                " FROM seed s JOIN pages p ON p.story_id = ? WHERE s.done",
                [template_id],
            )
            w.execute("DROP TABLE seed")
        cat.cursor().execute("CHECKPOINT")
        seed_file.unlink()
        return [p["id"] for p in params if p["done"]]
    finally:
        cat.close()


# --- load -----------------------------------------------------------------------------------
def load(
    stack: Stack,
    path: str,
    args: argparse.Namespace,
    ids_file: Path | None = None,
    rate: float | None = None,
    gzip: bool = True,
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(LOADGEN),
        "--base",
        stack.api_url,
        "--path",
        path,
        "--key",
        KEY,
        "--concurrency",
        str(args.concurrency),
        "--warmup",
        str(args.warmup),
        "--duration",
        str(args.duration),
        "--watch-pid",
        str(stack.named["api"].pid),
    ]
    if ids_file:
        cmd += ["--ids-file", str(ids_file)]
    if rate:
        cmd += ["--rate", f"{rate:.1f}"]
    if gzip:
        cmd.append("--gzip")
    before = cache_stats(stack)
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=args.warmup + args.duration + 60, check=True
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    after = cache_stats(stack)
    r["cache_hits"] = after.get("hits", 0) - before.get("hits", 0)
    r["cache_misses"] = after.get("misses", 0) - before.get("misses", 0)
    return r


def cache_stats(stack: Stack) -> dict[str, int]:
    return httpx.get(f"{stack.api_url}/readyz", timeout=10).json().get("read_cache") or {}


def read_every(stack: Stack, ids: list[str], threads: int = 4) -> None:
    """One read of each book and its status, spread over a few clients."""

    def part(chunk: list[str]) -> None:
        with api_client(stack) as api:
            for sid in chunk:
                api.get(f"/api/stories/{sid}/result").raise_for_status()
                api.get(f"/api/stories/{sid}").raise_for_status()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(part, [ids[k::threads] for k in range(threads)]))


def print_load(name: str, r: dict[str, Any]) -> None:
    offered = f" offered_rps={r['offered_rps']:.0f}" if r.get("offered_rps") else ""
    print(
        f"{name}:{offered} rps={r['rps']:.0f} p50_ms={r['p50_ms']:.2f} p90_ms={r['p90_ms']:.2f}"
        f" p99_ms={r['p99_ms']:.2f} max_ms={r['max_ms']:.1f} n={r['count']}"
        f" errors={r['errors']} bytes={r['bytes_per_response']}"
        f" cpu%: api={r['server_cpu_pct']} loadgen={r['client_cpu_pct']}"
        f" cpu_ms/req: api={r['server_cpu_ms_per_req']} loadgen={r['client_cpu_ms_per_req']}"
        f" cache: hits={r['cache_hits']} misses={r['cache_misses']}"
        f" loadavg={os.getloadavg()[0]:.1f}  ({r['path']})"
    )


# --- freshness ------------------------------------------------------------------------------
def freshness(stack: Stack, books: int, parallel: int, pages: int) -> list[dict[str, float]]:
    client = stack.client()
    lock = threading.Lock()
    out: list[dict[str, float]] = []

    def one(i: int) -> None:
        with api_client(stack) as api:
            launched = time.time()
            resp = api.post("/api/stories/", json=book_body(100 + i, pages))
            resp.raise_for_status()
            detail, seen = wait_visible(api, resp.json()["id"], timeout=180)
        if detail["status"] != "completed":
            raise RuntimeError(f"book {detail['id']} ended {detail['status']}")
        end = float(client.run_timing(detail["run_id"])["endTime"])
        with lock:
            out.append({"fresh_s": seen - end, "launch_to_visible_s": seen - launched})

    with ThreadPoolExecutor(parallel) as pool:
        for f in [pool.submit(one, i) for i in range(books)]:
            f.result()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=10_000, help="synthetic catalog size")
    parser.add_argument("--books", type=int, default=10, help="real books for freshness")
    parser.add_argument("--parallel", type=int, default=2, help="freshness books at once")
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per endpoint")
    args = parser.parse_args()
    started = time.monotonic()
    # Other work on this machine skews every figure here: say how busy it was.
    print(f"cpus: {os.cpu_count()}  loadavg_1m_at_start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="moretale-apibench-") as tmp:
        stack = Stack(
            home=Path(tmp) / "home",
            outputs=Path(tmp) / "out",
            port=free_port(),
            api_port=free_port(),
            catalog=Path(tmp) / "catalog" / "catalog.duckdb",
            env_extra={"MORETALE_API_KEYS": KEY, "MORETALE_RATE_LIMIT_POSTS": "100000/minute"},
        )
        try:
            stack.start()
            print(f"stack_start_s: {time.monotonic() - started:.1f}")

            # 1. one real book: the row every synthetic story copies
            with api_client(stack) as api:
                t0 = time.monotonic()
                resp = api.post("/api/stories/", json=book_body(0, args.pages))
                resp.raise_for_status()
                template_id = resp.json()["id"]
                detail, _ = wait_visible(api, template_id, timeout=180)
                if detail["status"] != "completed":
                    print(f"template book ended {detail['status']}", file=sys.stderr)
                    return 1
            print(f"template_book_s: {time.monotonic() - t0:.1f}  ({template_id})")

            # 2. grow the catalog while the API is down (DuckDB: one process per file)
            stack.stop_api()
            t0 = time.monotonic()
            ids = seed_catalog(stack.catalog_path, template_id, args.stories, seed=7)
            ids.append(template_id)
            print(f"seed_s: {time.monotonic() - t0:.1f}")
            stack.start_api()
            ids_file = Path(tmp) / "ids.txt"
            ids_file.write_text("\n".join(ids))
            with api_client(stack) as api:
                listed = api.get(LIST_PATH).json()["items"]
                assert len(listed) == 20, len(listed)
                assert all(s["primary_lang"] == "Korean" for s in listed)
                assert all(s["status"] == "completed" for s in listed)
                probe = api.get(f"/api/stories/{ids[0]}/result")
                assert probe.status_code == 200 and probe.json()["id"] == ids[0]
                stats = api.get(f"/api/stories/{ids[0]}").json()
                assert stats["status"] == "completed"
            size_mb = stack.catalog_path.stat().st_size / 1e6
            print(
                f"catalog: stories={args.stories + 1} completed={len(ids)}"
                f" file_mb={size_mb:.0f} result_bytes={len(probe.content)}"
            )

            # 3. load, one endpoint at a time, from a separate process
            print(f"load: {args.concurrency} clients, {args.warmup:g} s warm-up, "
                  f"{args.duration:g} s per endpoint")  # fmt: skip
            ceiling = load(stack, "/healthz", args)
            print_load("ceiling", ceiling)
            t0 = time.monotonic()
            read_every(stack, ids)
            print(f"read_every_book_once_s: {time.monotonic() - t0:.1f}  {cache_stats(stack)}")
            result = load(stack, RESULT_PATH, args, ids_file)
            print_load("result", result)
            result_plain = load(stack, RESULT_PATH, args, ids_file, gzip=False)
            print_load("result_identity", result_plain)
            print_load("detail", load(stack, DETAIL_PATH, args, ids_file))
            listing = load(stack, LIST_PATH, args)
            print_load("list", listing)
            list_plain = load(stack, LIST_PATH, args, gzip=False)
            print_load("list_identity", list_plain)
            search = load(stack, SEARCH_PATH, args)
            print_load("search", search)
            # Closed loop at 32 clients is saturation: by Little's law mean latency is
            # 32 / rps whatever the server does. The same 32 clients at half that rate show
            # the latency a client sees when the API is not the bottleneck.
            half = load(stack, RESULT_PATH, args, ids_file, rate=result["rps"] / 2)
            print_load("result_half_load", half)
            half_list = load(stack, LIST_PATH, args, rate=listing["rps"] / 2)
            print_load("list_half_load", half_list)

            # 4. freshness on real runs, with the stack as it is
            t0 = time.monotonic()
            fresh = freshness(stack, args.books, args.parallel, args.pages)
            fs = sorted(f["fresh_s"] for f in fresh)
            lv = sorted(f["launch_to_visible_s"] for f in fresh)
            print(f"freshness: books={len(fs)} parallel={args.parallel} "
                  f"wall_s={time.monotonic() - t0:.1f}")  # fmt: skip
            print(f"freshness_s: {' '.join(f'{x:.2f}' for x in fs)}")
            print(f"freshness_p50_s: {statistics.median(fs):.2f}")
            print(f"launch_to_visible_p50_s: {statistics.median(lv):.2f}")

            # 5. the same reads with every request reaching DuckDB
            stack.stop_api()
            stack.env_extra = {**stack.env_extra, "MORETALE_READ_CACHE_MB": "0"}
            stack.start_api()
            cold = load(stack, RESULT_PATH, args, ids_file)
            print_load("result_uncached", cold)
            cold_list = load(stack, LIST_PATH, args)
            print_load("list_uncached", cold_list)
            print_load("detail_uncached", load(stack, DETAIL_PATH, args, ids_file))
        finally:
            stack.stop()
    print(f"bench_s: {time.monotonic() - started:.0f}  loadavg_1m_at_end: {os.getloadavg()[0]:.1f}")
    # A client that does not accept gzip gets every book inflated: its own figure, not hidden.
    print(f"result_identity_p99_ms: {result_plain['p99_ms']:.2f}")
    print(f"list_identity_p99_ms: {list_plain['p99_ms']:.2f}")
    print(f"result_uncached_p99_ms: {cold['p99_ms']:.2f}")
    print(f"list_uncached_p99_ms: {cold_list['p99_ms']:.2f}")
    print(f"result_p99_ms: {result['p99_ms']:.2f}")
    print(f"result_rps: {result['rps']:.0f}")
    print(f"ceiling_rps: {ceiling['rps']:.0f}")
    print(f"list_p99_ms: {listing['p99_ms']:.2f}")
    print(f"freshness_p95_s: {percentile(fs, 95):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

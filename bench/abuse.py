"""What a hostile client costs everyone else (issue 14). Localhost only, bounded, stops itself.

Starts the real stack (Dagster webserver + daemon + the API under uvicorn with
api.server's protocol) in a temp dir, makes one offline book through the API, stops the daemon
(so a second story stays queued: a live event stream to follow), then for each case measures,
from this process, `/healthz` and an authenticated `GET /api/stories/{id}/result` one after the
other (keep-alive, sequential) while an attacker process does the case:

- idle:   nothing;
- body:   4 connections each POSTing a 60 MB body without a key, again and again;
- header: 4 connections each sending a 128 MB header, again and again;
- sse:    1,000 event streams of the queued story, over 4 keys, held open;
- readyz: 64 keep-alive clients asking /readyz in a closed loop;
- healthz (reference, with --cases): the same flood of /healthz, the cheapest answer there is.

Prints `healthz_p99_ms_<case>`, `result_p99_ms_<case>`, `rss_growth_mb_<case>` (the API
process's peak RSS during the case minus its RSS before it) and what the attacker got.

    .venv/bin/python bench/abuse.py [--seconds 8] [--cases idle,readyz] [--api-env NAME=VALUE]

`--api-env MORETALE_PUBLIC_CONCURRENCY=0` runs the API without turns for keyless requests
(api.admission), the code before them, for a side-by-side figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing as mp
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.stack import Stack, free_port

HOST = "127.0.0.1"
# The attacker connects from another loopback address than the probes: another client, as a
# flood's source is not the load balancer (the API's turns for keyless requests go round
# client addresses).
ATTACKER = "127.0.0.2"
KEYS = [f"abuse-key-{i}" for i in range(4)]
BOOK = {
    "child_name": "Mina",
    "primary_lang": "ko",
    "secondary_lang": "en",
    "theme": "friendship",
    "page_count": 4,
}
CASES = ("idle", "body", "header", "sse", "readyz")


# --- the attacker (its own process, so its work does not slow this one's probes) -------------


async def _drain_close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(TimeoutError, OSError):
        await asyncio.wait_for(writer.wait_closed(), 1)


async def _flood(head: bytes, total: int, stop_at: float, stats: Counter) -> None:
    """Send `head` then `total` bytes of filler, reconnecting whenever the server hangs up."""
    chunk = b"a" * (1 << 20)
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=(ATTACKER, 0))
        except OSError:
            stats["connect_failed"] += 1
            await asyncio.sleep(0.05)
            continue
        stats["attempts"] += 1
        try:
            writer.write(head)
            sent = 0
            while sent < total and time.monotonic() < stop_at:
                writer.write(chunk)
                await asyncio.wait_for(writer.drain(), max(0.01, stop_at - time.monotonic()))
                sent += len(chunk)
                if reader.at_eof() or writer.is_closing():
                    break
            stats["bytes_sent"] += sent
            line = await asyncio.wait_for(reader.readline(), 1)
            stats[line[:12].decode(errors="replace").strip() or "no answer"] += 1
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            stats["cut"] += 1
        finally:
            await _drain_close(writer)


async def _stream(path: str, key: str, stop_at: float, stats: Counter) -> None:
    try:
        reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=(ATTACKER, 0))
    except OSError:
        stats["connect_failed"] += 1
        return
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nX-API-Key: {key}\r\n\r\n".encode())
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 10)
        code = status.split(b" ")[1].decode() if b" " in status else "none"
        stats[f"status_{code}"] += 1
        if code == "200":
            while time.monotonic() < stop_at:
                left = stop_at - time.monotonic()
                try:
                    if not await asyncio.wait_for(reader.read(65536), left):
                        stats["ended_early"] += 1
                        break
                except TimeoutError:
                    break
    except (OSError, TimeoutError, IndexError):
        stats["cut"] += 1
    finally:
        await _drain_close(writer)


async def _closed_loop(path: str, stop_at: float, stats: Counter) -> None:
    reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=(ATTACKER, 0))
    try:
        while time.monotonic() < stop_at:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            await writer.drain()
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            stats[f"status_{status.split(b' ')[1].decode()}"] += 1
    except (OSError, asyncio.IncompleteReadError, IndexError):
        stats["cut"] += 1
    finally:
        await _drain_close(writer)


async def _attack(case: str, seconds: float, story: str) -> Counter:
    stats: Counter = Counter()
    stop_at = time.monotonic() + seconds
    if case == "body":
        head = (
            b"POST /api/stories/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(60 << 20).encode() + b"\r\n\r\n"
        )
        jobs = [_flood(head, 60 << 20, stop_at, stats) for _ in range(4)]
    elif case == "header":
        head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
        jobs = [_flood(head, 128 << 20, stop_at, stats) for _ in range(4)]
    elif case == "sse":
        path = f"/api/stories/{story}/events"
        jobs = [_stream(path, KEYS[i % len(KEYS)], stop_at, stats) for i in range(1000)]
    elif case in ("readyz", "healthz"):
        jobs = [_closed_loop(f"/{case}", stop_at, stats) for _ in range(64)]
    else:
        jobs = [asyncio.sleep(seconds)]
    await asyncio.gather(*jobs)
    return stats


PORT = 0


def attacker(case: str, seconds: float, port: int, story: str, out) -> None:  # type: ignore[no-untyped-def]
    global PORT
    PORT = port
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    out.put(dict(asyncio.run(_attack(case, seconds, story))))


# --- this process: probes and RSS -------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def probe(url: str, path: str, headers: dict, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                r = client.get(path)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            out.append((time.perf_counter() - started) * 1000 if ok else 60_000.0)
            time.sleep(0.01)


def run_case(case: str, seconds: float, stack: Stack, story: str, queued: str) -> None:
    pid = stack.named["api"].pid
    before = rss_mb(pid)
    peak = before
    healthz: list[float] = []
    result: list[float] = []
    stop = threading.Event()
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=attacker, args=(case, seconds, stack.api_port, queued, queue))
    proc.start()
    time.sleep(0.5)  # let the attack start before measuring
    probes = [
        threading.Thread(target=probe, args=(stack.api_url, "/healthz", {}, stop, healthz)),
        threading.Thread(
            target=probe,
            args=(
                stack.api_url,
                f"/api/stories/{story}/result",
                {"X-API-Key": KEYS[0]},
                stop,
                result,
            ),
        ),
    ]
    for t in probes:
        t.start()
    deadline = time.monotonic() + seconds - 1.0
    while time.monotonic() < deadline:
        peak = max(peak, rss_mb(pid))
        time.sleep(0.1)
    stop.set()
    for t in probes:
        t.join(65)
    stats = queue.get(timeout=30)
    proc.join(30)
    if proc.is_alive():
        proc.kill()
    print(f"healthz_p99_ms_{case}: {p99(healthz):.1f}")
    print(f"result_p99_ms_{case}: {p99(result):.1f}")
    print(f"rss_growth_mb_{case}: {peak - before:.1f}")
    print(f"probes_{case}: {len(healthz)} healthz, {len(result)} result")
    print(f"attacker_{case}: {dict(sorted(stats.items()))}")
    sys.stdout.flush()
    time.sleep(2)  # let closed connections and their memory settle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per case (default 8)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset")
    parser.add_argument(
        "--api-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the API process (repeatable)",
    )
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.api_env)
    tmp = Path(tempfile.mkdtemp(prefix="moretale-abuse-"))
    stack = Stack(
        home=tmp / "dagster_home",
        outputs=tmp / "outputs",
        port=free_port(),
        api_port=free_port(),
        env_extra={
            "MORETALE_API_KEYS": ",".join(KEYS),
            "MORETALE_RATE_LIMIT_POSTS": "100000/minute",
            "MORETALE_RATE_LIMIT_STORIES": "100000/minute",
            **extra,
        },
    )
    stack.start()
    try:
        api = httpx.Client(base_url=stack.api_url, headers={"X-API-Key": KEYS[0]}, timeout=30)
        story = api.post("/api/stories/", json=BOOK).json()["id"]
        deadline = time.monotonic() + 180
        while api.get(f"/api/stories/{story}").json()["status"] != "completed":
            assert time.monotonic() < deadline, "the book did not finish"
            time.sleep(0.5)
        # No daemon from here on: a new story stays queued, a stream that never ends by itself.
        daemon = stack.named["daemon"]
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(30)
        queued = api.post("/api/stories/", json=BOOK).json()["id"]
        for _ in range(20):  # warm: imports, the read cache
            api.get(f"/api/stories/{story}/result")
        print(
            f"conditions: {os.cpu_count()} cores, {args.seconds:.0f} s a case, book {story}, "
            f"load {os.getloadavg()[0]:.2f}, api env {extra or 'default'}"
        )
        for case in args.cases.split(","):
            run_case(case, args.seconds, stack, story, queued)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()

"""Closed-loop HTTP load against one endpoint of a server on 127.0.0.1; prints one JSON object.

Run as its own process (by bench/api_latency.py) so the client's CPU time and GIL are not the
server's, with a minimal keep-alive HTTP/1.1 client so it leaves the cores to the server: N
workers each send a request, wait for the answer, and send the next, for a fixed duration
after a warm-up. `{id}` in the path is replaced by a random id from --ids-file.

    .venv/bin/python bench/loadgen.py --base http://127.0.0.1:8000 --path /healthz \
        [--ids-file ids.txt] [--key KEY] [--concurrency 32] [--warmup 1] [--duration 8] \
        [--rate RPS]

With --rate the load is open loop instead: the same clients send Poisson arrivals totalling
RPS, which shows latency at a stated load rather than at saturation.

Output: {"path", "concurrency", "duration_s", "count", "errors", "statuses", "rps",
"p50_ms", "p90_ms", "p99_ms", "max_ms", "bytes_per_response", "client_cpu_pct",
"server_cpu_pct", "client_cpu_ms_per_req", "server_cpu_ms_per_req"} (CPU over the measured
window, as % of one core and as ms per request).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

# Hard ceilings so a wrong argument can never turn this into an unbounded flood.
MAX_DURATION_S = 60.0
MAX_CONCURRENCY = 256
MAX_REQUESTS = 2_000_000


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of another process (Linux /proc); None if unknown."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (what a p99 SLO is usually checked with)."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, min(len(sorted_ms), round(q / 100 * len(sorted_ms) + 0.5)))
    return sorted_ms[rank - 1]


class Connection:
    """One keep-alive HTTP/1.1 connection, spoken directly over asyncio streams.

    A full client (httpx) spent ~2.3 ms of CPU a request on this machine, about as much as the
    server, so the figures measured the client. This reads just the status line, headers and a
    Content-Length body: enough for the JSON GET endpoints measured here, and it refuses
    anything else (chunked bodies) rather than mis-measuring it."""

    def __init__(self, host: str, port: int, headers: bytes) -> None:
        self.host, self.port, self.headers = host, port, headers
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\n" + self.headers)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        code = int(lines[0].split(b" ", 2)[1])
        length, close = None, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise ValueError("chunked responses are not measured by this client")
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length or 0)
        if close:
            await self.close()
        return code, len(body)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def run(
    base: str,
    path: str,
    ids: list[str],
    key: str | None,
    concurrency: int,
    warmup_s: float,
    duration_s: float,
    seed: int,
    watch_pid: int | None,
    rate: float | None = None,
    gzip: bool = False,
) -> dict[str, object]:
    rng = random.Random(seed)
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    headers = (
        f"Host: {host}:{port}\r\n"
        + (f"X-API-Key: {key}\r\n" if key else "")
        + ("Accept-Encoding: gzip\r\n" if gzip else "")
        + "\r\n"
    )
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    size = 0
    sent = 0
    # perf_counter, not loop.time(): uvloop's clock ticks in whole milliseconds.
    clock = time.perf_counter
    measure_from = clock() + warmup_s
    stop_at = measure_from + duration_s

    async def worker() -> None:
        nonlocal size, sent
        conn = Connection(host, port, headers.encode())
        scheduled = clock()
        try:
            while sent < MAX_REQUESTS:
                if rate:
                    # Open loop: Poisson arrivals at rate/concurrency per worker. Latency counts
                    # from the scheduled moment, so a slow answer that delays the next request
                    # is charged to that request too (no coordinated omission).
                    scheduled += rng.expovariate(rate / concurrency)
                    await asyncio.sleep(max(0.0, scheduled - clock()))
                    now = scheduled
                else:
                    now = clock()
                if now >= stop_at:
                    return
                url = path.replace("{id}", rng.choice(ids)) if ids else path
                sent += 1
                started = now if rate else clock()
                try:
                    code, body_len = await asyncio.wait_for(conn.get(url), 10.0)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                    code, body_len = 0, 0
                    await conn.close()
                elapsed = clock() - started
                # Only requests that started inside the window count; warm-up ones are dropped.
                if now >= measure_from:
                    latencies.append(elapsed * 1000)
                    statuses[code] += 1
                    size = body_len or size
        finally:
            await conn.close()

    cpu: dict[str, float | None] = {}

    async def sample_cpu() -> None:
        # CPU use inside the measured window: tells a busy server from a busy client.
        await asyncio.sleep(max(0.0, measure_from - clock()))
        cpu["self0"], cpu["server0"] = time.process_time(), cpu_seconds(watch_pid)
        await asyncio.sleep(max(0.0, stop_at - clock()))
        cpu["self1"], cpu["server1"] = time.process_time(), cpu_seconds(watch_pid)

    await asyncio.gather(sample_cpu(), *(worker() for _ in range(concurrency)))
    latencies.sort()
    count = len(latencies)
    return {
        "path": path,
        "gzip": gzip,
        "concurrency": concurrency,
        "offered_rps": rate,
        "duration_s": duration_s,
        "count": count,
        "errors": count - statuses.get(200, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "rps": round(count / duration_s, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else None,
        "bytes_per_response": size,
        "client_cpu_pct": share(cpu.get("self0"), cpu.get("self1"), duration_s),
        "server_cpu_pct": share(cpu.get("server0"), cpu.get("server1"), duration_s),
        # CPU per request hardly changes when other work competes for the cores; latency does.
        "client_cpu_ms_per_req": share(cpu.get("self0"), cpu.get("self1"), count / 10),
        "server_cpu_ms_per_req": share(cpu.get("server0"), cpu.get("server1"), count / 10),
    }


def share(before: float | None, after: float | None, per: float) -> float | None:
    """100 * (after - before) / per: % of one core over `per` seconds, or ms each of 10*per."""
    if before is None or after is None or per <= 0:
        return None
    return round(100 * (after - before) / per, 2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--path", required=True, help="may contain {id}")
    parser.add_argument("--ids-file", type=Path, help="one id per line, for {id}")
    parser.add_argument("--key", help="X-API-Key")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--watch-pid", type=int, help="also report this process's CPU use")
    parser.add_argument(
        "--rate", type=float, help="open loop: total requests per second (default: closed loop)"
    )
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip, as browsers and HTTP libraries do (bodies not inflated)",
    )
    args = parser.parse_args()
    host = urlsplit(args.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"refusing to load {host}: loopback only", file=sys.stderr)
        return 2
    if args.rate is not None and not 0 < args.rate <= 50_000:
        print("--rate must be in (0, 50000]", file=sys.stderr)
        return 2
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        print(f"--concurrency must be 1..{MAX_CONCURRENCY}", file=sys.stderr)
        return 2
    if not (0 <= args.warmup <= MAX_DURATION_S and 0 < args.duration <= MAX_DURATION_S):
        print(f"--warmup and --duration must be at most {MAX_DURATION_S:.0f} s", file=sys.stderr)
        return 2
    ids = args.ids_file.read_text().split() if args.ids_file else []
    if "{id}" in args.path and not ids:
        print("--path has {id} but --ids-file gave no ids", file=sys.stderr)
        return 2
    try:
        # The client is on the same 2 cores as the server: a faster event loop leaves it more.
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    out = runner(
        run(
            args.base,
            args.path,
            ids,
            args.key,
            args.concurrency,
            args.warmup,
            args.duration,
            args.seed,
            args.watch_pid,
            args.rate,
            args.gzip,
        )
    )
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

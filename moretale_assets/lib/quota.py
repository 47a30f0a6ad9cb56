"""Quota state shared by every process of a deployment: RPM pacing and daily-quota blocks.

Dagster pools bound how many steps run at once, not how many requests they send per minute.
Each provider call first reserves a slot in a sliding 60 s window (one row per request, at the
moment it may be sent); reservations are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-scoped advisory lock per model), so concurrent runs together never exceed the
configured RPM, and slots go out first come, first served.

Where the state lives is configuration (`MORETALE_PACING_URL`):
- empty (default): an SQLite file (`MORETALE_PACING_PATH`) shared by every run on one host;
- `postgresql://…`: the deployment's PostgreSQL, shared by every host (ECS/Kubernetes run
  workers pace together). Its clock (`clock_timestamp()`) is the one clock all hosts agree on.

A per-day 429 blocks the model: requests are refused without being sent until the provider
says otherwise. After a backoff exactly one probe request may go out (whoever claims it first);
if it passes the block is lifted, if it gets the per-day 429 again the backoff doubles (never
past the quota's reset time, midnight Pacific). Operators lift a block by hand after raising
the quota (`python -m devstack quota lift MODEL`, `DELETE /api/quota/blocks/{model}`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, computed_field
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_random

WINDOW_S = 60.0
# A reserved request reaches the server's quota counter later than its reservation: thread
# scheduling, request building and the server's own queueing. On a busy 2-core host that lag
# reached 0.5-0.7 s (bench/throughput.py), and 0.1 s let requests land inside the previous
# window (429). The margin costs at most 1 s per 60 s window of a saturated quota.
MARGIN_S = 1.0
PROBE_INITIAL_S = 300.0  # first probe 5 min after a per-day 429, then 10, 20, 40, 60 min
PROBE_MAX_S = 3600.0
PACIFIC = ZoneInfo("America/Los_Angeles")
DEFAULT_PATH = Path.home() / ".cache" / "moretale" / "pacing.sqlite"
LIFT_HOWTO = (
    "lift it with `python -m devstack quota lift {model}` or DELETE /api/quota/blocks/{model}"
)


def next_daily_reset(now: float | None = None) -> float:
    """Gemini's per-day quotas reset at midnight Pacific time."""
    current = datetime.fromtimestamp(time.time() if now is None else now, PACIFIC)
    midnight = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.timestamp()


def when(ts: float) -> str:
    """A moment as operators need it: UTC and Pacific (where the daily quota resets)."""
    utc = datetime.fromtimestamp(ts, ZoneInfo("UTC"))
    pac = datetime.fromtimestamp(ts, PACIFIC)
    return f"{utc:%Y-%m-%d %H:%M} UTC ({pac:%Y-%m-%d %H:%M %Z} Pacific)"


class Block(BaseModel):
    """A model refused for the day on every host, until a probe passes or an operator lifts it."""

    model: str
    since: float
    reset_at: float  # when the provider said the quota resets (midnight Pacific)
    next_probe_at: float  # the moment one request may go out to ask the provider again
    probe_backoff_s: float
    reason: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        return (
            f"daily quota of {self.model} is exhausted; the quota resets at "
            f"{when(self.reset_at)}; one probe request goes out at {when(self.next_probe_at)} "
            f"and lifts the block if it passes; {LIFT_HOWTO.format(model=self.model)}"
        )


class QuotaBlocked(Exception):
    def __init__(self, block: Block) -> None:
        super().__init__(block.message)
        self.block = block
        self.model, self.until = block.model, block.reset_at


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sent (model TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sent_model_at ON sent (model, at)",
    "CREATE TABLE IF NOT EXISTS day_blocks (model TEXT PRIMARY KEY, since DOUBLE PRECISION,"
    " reset_at DOUBLE PRECISION, next_probe_at DOUBLE PRECISION,"
    " probe_backoff_s DOUBLE PRECISION, reason TEXT)",
)
BLOCK_COLUMNS = "model, since, reset_at, next_probe_at, probe_backoff_s, reason"


class _Backend:
    """What differs between SQLite and PostgreSQL: connecting, locking, the clock, params."""

    def connect(self) -> Any: ...

    @contextmanager
    def transaction(self, con: Any, model: str) -> Iterator[Any]: ...

    def now(self, cur: Any) -> float:
        return time.time()

    def sql(self, text: str) -> str:
        return text


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class _Sqlite(_Backend):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        # Switching a new file to WAL ignores the busy timeout: two workers opening it at the
        # same moment get "database is locked" at once (7 in 200 four-thread races). WAL is
        # stored in the file, so a short retry settles it for everyone.
        for attempt in Retrying(
            retry=retry_if_exception(_is_locked),
            stop=stop_after_delay(10),
            wait=wait_random(0.005, 0.05),
            reraise=True,
        ):
            with attempt:
                con.execute("PRAGMA journal_mode=WAL")
        return con

    @contextmanager
    def transaction(self, con: sqlite3.Connection, model: str) -> Iterator[Any]:
        con.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise


class _Postgres(_Backend):
    def __init__(self, url: str) -> None:
        # SQLAlchemy-style URLs (as in MORETALE_DAGSTER_PG_URL) work too.
        self.dsn = url.replace("postgresql+psycopg2://", "postgresql://", 1)

    def connect(self) -> Any:
        import psycopg2  # dagster-postgres' driver; only imported when configured

        con = psycopg2.connect(self.dsn, connect_timeout=10)
        con.autocommit = False
        return con

    @contextmanager
    def transaction(self, con: Any, model: str) -> Iterator[Any]:
        cur = con.cursor()
        try:
            # Serialises reservations for one model across every host; released at commit.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model.encode())])
            yield cur
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            cur.close()

    def now(self, cur: Any) -> float:
        cur.execute("SELECT extract(epoch from clock_timestamp())")
        return float(cur.fetchone()[0])

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")


def backend_for(url: str, path: str) -> _Backend:
    if url.startswith(("postgresql://", "postgresql+psycopg2://", "postgres://")):
        return _Postgres(url)
    if url.startswith("sqlite:///"):
        return _Sqlite(url.removeprefix("sqlite:///"))
    if url:
        raise ValueError(f"MORETALE_PACING_URL {url!r}: use postgresql://… or sqlite:///path")
    return _Sqlite(path)


class Pacer:
    def __init__(
        self,
        path: str | Path = "",
        rpm: dict[str, int] | None = None,
        window_s: float = WINDOW_S,
        *,
        url: str = "",
        probe_initial_s: float = PROBE_INITIAL_S,
        probe_max_s: float = PROBE_MAX_S,
    ) -> None:
        self.rpm, self.window_s = rpm or {}, window_s
        self.probe_initial_s, self.probe_max_s = probe_initial_s, probe_max_s
        self.backend = backend_for(url, str(path or DEFAULT_PATH))
        self.shared = isinstance(self.backend, _Postgres)
        self._local = threading.local()
        con = self._connect()
        with self.backend.transaction(con, "__schema__") as cur:
            for statement in SCHEMA:
                cur.execute(statement)

    def _connect(self) -> Any:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self.backend.connect()
            self._local.con = con
        return con

    @contextmanager
    def _tx(self, model: str) -> Iterator[tuple[Any, float]]:
        with self.backend.transaction(self._connect(), model) as cur:
            yield cur, self.backend.now(cur)

    def _q(self, cur: Any, text: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        result = cur.execute(self.backend.sql(text), list(params))
        return cur if result is None else result  # psycopg2 returns None, sqlite3 a cursor

    def acquire(self, model: str, sleep: Callable[[float], None] = time.sleep) -> float:
        """Block until a request to `model` fits the window; returns seconds waited.

        The caller is given the earliest free moment and its row is written at once, with that
        (possibly future) time: reservations are handed out first come, first served, and a
        waiting request keeps its turn. Polling instead would share each freed slot among all
        waiters at random, so every book of a batch would get part of its requests and finish
        a window later, holding its run slot meanwhile.

        Raises QuotaBlocked while the model is blocked for the day, except for the one caller
        that claims a due probe: its request goes out (`self.probing(model)` is then True)."""
        self._local.probe = None
        limit = self.rpm.get(model)
        with self._tx(model) as (cur, now):
            self._check_block(cur, model, now)
            at = now
            if limit:
                # Keep a day of history (operators can audit the pacing).
                self._q(cur, "DELETE FROM sent WHERE model = ? AND at < ?", [model, now - 86_400])
                # Rows are handed out in time order, so the window is full exactly while the
                # limit-th latest row (sent or scheduled) is younger than the window.
                row = self._q(
                    cur,
                    "SELECT at FROM sent WHERE model = ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                    [model, limit - 1],
                ).fetchone()
                if row:
                    at = max(now, row[0] + self.window_s + MARGIN_S)
            self._q(cur, "INSERT INTO sent VALUES (?, ?)", [model, at])
        wait = at - now
        if wait <= 0:
            return 0.0
        sleep(wait)
        # The model may have been blocked while this request waited for its turn.
        if self._local.probe is None:
            with self._tx(model) as (cur, now):
                self._check_block(cur, model, now)
        return wait

    def probing(self, model: str) -> bool:
        """Whether this thread's last acquire() claimed the probe of a blocked model."""
        return getattr(self._local, "probe", None) == model

    def _check_block(self, cur: Any, model: str, now: float) -> None:
        block = self._block(cur, model)
        if block is None:
            return
        if now < block.next_probe_at:
            raise QuotaBlocked(block)
        # This caller sends the probe; everyone else waits for the next one.
        backoff = min(self.probe_max_s, block.probe_backoff_s * 2)
        next_probe = now + backoff
        if block.reset_at > now:  # never wait past the reset to ask again
            next_probe = min(next_probe, block.reset_at + 1.0)
        self._q(
            cur,
            "UPDATE day_blocks SET next_probe_at = ?, probe_backoff_s = ? WHERE model = ?",
            [next_probe, backoff, model],
        )
        self._local.probe = model

    def _block(self, cur: Any, model: str) -> Block | None:
        row = self._q(
            cur, f"SELECT {BLOCK_COLUMNS} FROM day_blocks WHERE model = ?", [model]
        ).fetchone()
        return Block(**dict(zip(BLOCK_COLUMNS.split(", "), row, strict=True))) if row else None

    def block(self, model: str, reset_at: float, reason: str = "") -> Block:
        """Record a per-day 429 for `model`. A block already in place keeps its probe schedule
        (a failed probe has already moved it on); a new one waits `probe_initial_s`."""
        with self._tx(model) as (cur, now):
            old = self._block(cur, model)
            backoff = old.probe_backoff_s if old else self.probe_initial_s
            next_probe = old.next_probe_at if old else now + backoff
            next_probe = min(next_probe, max(reset_at, now) + 1.0)
            block = Block(
                model=model,
                since=old.since if old else now,
                reset_at=reset_at,
                next_probe_at=next_probe,
                probe_backoff_s=backoff,
                reason=reason[:500],
            )
            self._q(cur, "DELETE FROM day_blocks WHERE model = ?", [model])
            self._q(
                cur,
                f"INSERT INTO day_blocks ({BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    block.model,
                    block.since,
                    block.reset_at,
                    block.next_probe_at,
                    block.probe_backoff_s,
                    block.reason,
                ],
            )
        return block

    def lift(self, model: str) -> bool:
        """Remove the block (a probe passed, or an operator raised the quota)."""
        with self._tx(model) as (cur, _now):
            return bool(self._q(cur, "DELETE FROM day_blocks WHERE model = ?", [model]).rowcount)

    def blocks(self) -> list[Block]:
        with self._tx("__blocks__") as (cur, _now):
            rows = self._q(cur, f"SELECT {BLOCK_COLUMNS} FROM day_blocks ORDER BY model").fetchall()
        return [Block(**dict(zip(BLOCK_COLUMNS.split(", "), r, strict=True))) for r in rows]

    def reservations(self, model: str) -> list[float]:
        with self._tx(model) as (cur, _now):
            rows = self._q(
                cur, "SELECT at FROM sent WHERE model = ? ORDER BY at", [model]
            ).fetchall()
        return [r[0] for r in rows]

"""Requests-per-minute pacing shared by every process on a host.

Dagster pools bound how many steps run at once, not how many requests they send per minute.
Each provider call first reserves a slot in a sliding 60 s window kept in a small SQLite file
(one row per request, at the moment it may be sent); BEGIN IMMEDIATE serialises reservations
across threads and processes, so 8 concurrent runs together never exceed the configured RPM,
and slots go out first come, first served. A model marked exhausted for the
day is refused without a request until its reset time.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

WINDOW_S = 60.0
# A reserved request reaches the server's quota counter later than its reservation: thread
# scheduling, request building and the server's own queueing. On a busy 2-core host that lag
# reached 0.5-0.7 s (bench/throughput.py), and 0.1 s let requests land inside the previous
# window (429). The margin costs at most 1 s per 60 s window of a saturated quota.
MARGIN_S = 1.0


class QuotaBlocked(Exception):
    def __init__(self, model: str, until: float) -> None:
        super().__init__(
            f"{model} is blocked until {time.strftime('%H:%M:%S', time.gmtime(until))} UTC"
        )
        self.model, self.until = model, until


class Pacer:
    def __init__(self, path: str | Path, rpm: dict[str, int], window_s: float = WINDOW_S) -> None:
        self.path, self.rpm, self.window_s = Path(path), rpm, window_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS sent (model TEXT, at REAL)")
            con.execute("CREATE INDEX IF NOT EXISTS sent_model_at ON sent (model, at)")
            con.execute("CREATE TABLE IF NOT EXISTS blocked (model TEXT PRIMARY KEY, until REAL)")

    def _connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            self._local.con = con
        return con

    def acquire(self, model: str, sleep=time.sleep) -> float:
        """Block until a request to `model` fits the window; returns seconds waited.

        The caller is given the earliest free moment and its row is written at once, with that
        (possibly future) time: reservations are handed out first come, first served, and a
        waiting request keeps its turn. Polling instead would share each freed slot among all
        waiters at random, so every book of a batch would get part of its requests and finish
        a window later, holding its run slot meanwhile."""
        limit = self.rpm.get(model)
        con = self._connect()
        con.execute("BEGIN IMMEDIATE")
        try:
            now = time.time()
            self._raise_if_blocked(con, model, now)
            at = now
            if limit:
                # Keep a day of history (operators can audit the pacing).
                con.execute("DELETE FROM sent WHERE at < ?", [now - 86_400])
                # Rows are handed out in time order, so the window is full exactly while the
                # limit-th latest row (sent or scheduled) is younger than the window.
                row = con.execute(
                    "SELECT at FROM sent WHERE model = ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                    [model, limit - 1],
                ).fetchone()
                if row:
                    at = max(now, row[0] + self.window_s + MARGIN_S)
            con.execute("INSERT INTO sent VALUES (?, ?)", [model, at])
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        wait = at - now
        if wait <= 0:
            return 0.0
        sleep(wait)
        # The model may have been marked exhausted while this request waited for its turn.
        self._raise_if_blocked(con, model, time.time())
        return wait

    @staticmethod
    def _raise_if_blocked(con: sqlite3.Connection, model: str, now: float) -> None:
        row = con.execute("SELECT until FROM blocked WHERE model = ?", [model]).fetchone()
        if row and row[0] > now:
            raise QuotaBlocked(model, row[0])

    def block(self, model: str, until: float) -> None:
        con = self._connect()
        con.execute("INSERT OR REPLACE INTO blocked VALUES (?, ?)", [model, until])

    def reservations(self, model: str) -> list[float]:
        rows = (
            self._connect()
            .execute("SELECT at FROM sent WHERE model = ? ORDER BY at", [model])
            .fetchall()
        )
        return [r[0] for r in rows]

    def sent_in_window(self, model: str) -> int:
        now = time.time()
        row = (
            self._connect()
            .execute(
                "SELECT count(*) FROM sent WHERE model = ? AND at >= ?",
                [model, now - self.window_s],
            )
            .fetchone()
        )
        return int(row[0])

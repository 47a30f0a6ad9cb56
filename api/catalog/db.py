"""Schema and connection. One connection per process; a cursor per use; one writer at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from api.catalog.cache import ReadCache

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    created_at DOUBLE NOT NULL,
    updated_at DOUBLE NOT NULL,
    request JSON NOT NULL,
    child_name VARCHAR NOT NULL,
    child_name_lower VARCHAR NOT NULL,
    primary_lang VARCHAR NOT NULL,
    secondary_lang VARCHAR NOT NULL,
    page_count INTEGER NOT NULL,
    idempotency_key VARCHAR,
    request_hash VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    run_id VARCHAR,
    run_kind VARCHAR,
    run_status VARCHAR,
    title_primary VARCHAR,
    title_secondary VARCHAR,
    has_story BOOLEAN NOT NULL DEFAULT false,
    has_partial_failures BOOLEAN NOT NULL DEFAULT false,
    progress JSON,
    error JSON,
    result JSON,
    cover_url VARCHAR,
    deleted_at DOUBLE
);
CREATE INDEX IF NOT EXISTS stories_created ON stories (created_at, id);
CREATE INDEX IF NOT EXISTS stories_idem ON stories (idempotency_key);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    created_at DOUBLE NOT NULL,
    updated_at DOUBLE NOT NULL,
    log_cursor VARCHAR,
    closed BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS runs_story ON runs (story_id);
CREATE TABLE IF NOT EXISTS asset_events (
    run_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    story_id VARCHAR NOT NULL,
    asset VARCHAR,
    event_type VARCHAR NOT NULL,
    ts DOUBLE NOT NULL,
    data JSON,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS pages (
    story_id VARCHAR NOT NULL,
    page_number INTEGER NOT NULL,
    text_primary VARCHAR NOT NULL,
    text_secondary VARCHAR NOT NULL,
    audio_primary_status VARCHAR NOT NULL,
    audio_secondary_status VARCHAR NOT NULL,
    illustration_status VARCHAR NOT NULL,
    PRIMARY KEY (story_id, page_number)
);
CREATE TABLE IF NOT EXISTS ingest_state (name VARCHAR PRIMARY KEY, value DOUBLE NOT NULL);
"""


class Catalog:
    def __init__(self, path: str | Path, cache_bytes: int = 0) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._con = duckdb.connect(str(path))
        # DuckDB picks ZSTD for the long JSON columns; reading one story's `result` then
        # decompresses a whole block (0.5-10 ms a point read, bench/api_latency.py). Lighter
        # compression costs disk (~40 KB a book, beside megabytes of audio) and keeps reads flat.
        self._con.execute("SET disabled_compression_methods = 'zstd'")
        self._write_lock = threading.Lock()
        self.cache = ReadCache(cache_bytes)
        self._con.execute(SCHEMA)
        # Catalogs made before the list got its own cover column.
        self._con.execute("ALTER TABLE stories ADD COLUMN IF NOT EXISTS cover_url VARCHAR")
        # Story sets and callbacks (issue 16); catalogs made before them get the columns here.
        for column in ("set_name", "callback_url"):
            self._con.execute(f"ALTER TABLE stories ADD COLUMN IF NOT EXISTS {column} VARCHAR")
        self._con.execute("CREATE INDEX IF NOT EXISTS stories_set ON stories (set_name)")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one reader; cursors of one connection may be used from many threads."""
        return self._con.cursor()

    @contextmanager
    def write(self, *, touches: Iterable[str] | None) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction at a time: the ingest thread and request handlers never interleave.

        `touches` names the stories whose rows the transaction may change (None: it cannot
        say), so the read cache drops exactly what went stale; a caller must decide."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()
                # After COMMIT, never before: see api/catalog/cache.py.
                self.cache.invalidate(touches)

    def ping(self) -> bool:
        try:
            return self.cursor().execute("SELECT 1").fetchone() == (1,)
        except duckdb.Error:
            return False

    def close(self) -> None:
        self._con.close()

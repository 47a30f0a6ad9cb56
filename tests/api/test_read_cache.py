"""The read cache answers exactly what the catalog would, and gzip goes to who asks for it."""

import asyncio
import gzip
import threading
import time

import httpx
import pytest

from api.catalog.cache import Body, ReadCache, gzipped
from api.catalog.db import Catalog
from api.encoding import accepts_gzip
from tests.api.conftest import book, wait_for


def body(text: str) -> Body:
    return gzipped(text.encode())


def test_entries_round_trip_and_the_budget_evicts_the_least_recently_used():
    one = len(body("x" * 1000).data) + len("result:s0") + 200
    cache = ReadCache(max_bytes=3 * one + 10)
    for i in range(3):
        cache.put(f"result:s{i}", body(f"{i}" * 1000), cache.mark(), story=f"s{i}")
    assert cache.get("result:s0").plain() == b"0" * 1000  # s0 is now the most recent
    cache.put("result:s3", body("3" * 1000), cache.mark(), story="s3")
    assert cache.get("result:s1") is None  # the least recently used went
    assert [cache.get(f"result:s{i}") is not None for i in (0, 2, 3)] == [True] * 3
    stats = cache.stats()
    assert stats["entries"] == 3 and stats["evictions"] == 1 and stats["bytes"] <= 3 * one + 10


def test_a_write_drops_its_stories_and_every_list_but_nothing_else():
    cache = ReadCache(max_bytes=1 << 20)
    for key, story in (("result:a", "a"), ("result:b", "b"), ("list:[]", None)):
        cache.put(key, body(key), cache.mark(), story=story)
    cache.invalidate(())  # the ingest cursor: no story row changed
    assert cache.get("list:[]") is not None
    cache.invalidate(["a"])
    assert cache.get("result:a") is None and cache.get("list:[]") is None
    assert cache.get("result:b").plain() == b"result:b"
    cache.invalidate(None)
    assert cache.get("result:b") is None and cache.stats()["bytes"] == 0


def test_an_answer_read_before_a_write_is_not_kept():
    cache = ReadCache(max_bytes=1 << 20)
    mark = cache.mark()  # a reader starts its query ...
    cache.invalidate(["other"])  # ... a write commits meanwhile (any story) ...
    cache.put("result:a", body("old"), mark, story="a")  # ... the reader's answer may predate it
    assert cache.get("result:a") is None
    mark = cache.mark()
    cache.invalidate(())  # a write that touched no story does not spoil a read
    cache.put("result:a", body("new"), mark, story="a")
    assert cache.get("result:a").plain() == b"new"


def test_concurrent_misses_of_one_key_make_one_read_and_errors_are_not_kept():
    cache = ReadCache(max_bytes=1 << 20)
    calls: list[int] = []
    release = threading.Event()

    def read() -> bytes:
        calls.append(1)
        release.wait(5)
        return b'{"n": 1}'

    async def main() -> list[Body]:
        waiters = [
            asyncio.ensure_future(cache.fetch("list:x", read, story=None)) for _ in range(20)
        ]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(*waiters)

    got = asyncio.run(main())
    assert len(calls) == 1 and {b.plain() for b in got} == {b'{"n": 1}'}

    def fails() -> bytes:
        calls.append(1)
        raise LookupError("story not found")

    async def twice() -> None:
        for _ in range(2):
            with pytest.raises(LookupError):
                await cache.fetch("result:gone", fails, story="gone")

    calls.clear()
    asyncio.run(twice())
    assert len(calls) == 2  # a failure is asked again, not remembered


def test_a_budget_of_zero_reads_the_catalog_every_time():
    cache = ReadCache(max_bytes=0)
    calls: list[int] = []

    def read() -> bytes:
        calls.append(1)
        return b"{}"

    async def main() -> Body:
        await cache.fetch("k", read, story=None)
        return await cache.fetch("k", read, story=None)

    got = asyncio.run(main())
    assert len(calls) == 2 and not got.gzipped and got.plain() == b"{}"


def test_catalog_writes_invalidate_after_commit(tmp_path):
    catalog = Catalog(tmp_path / "c.duckdb", cache_bytes=1 << 20)
    try:
        with catalog.write(touches=["s1"]) as w:
            w.execute("CREATE TABLE t (id VARCHAR, v VARCHAR)")
            w.execute("INSERT INTO t VALUES ('s1', 'one')")

        def read() -> bytes:
            return (
                catalog.cursor().execute("SELECT v FROM t WHERE id = 's1'").fetchone()[0].encode()
            )

        async def fetch() -> bytes:
            return (await catalog.cache.fetch("result:s1", read, story="s1")).plain()

        assert asyncio.run(fetch()) == b"one"
        with catalog.write(touches=()) as w:
            w.execute("INSERT OR REPLACE INTO ingest_state VALUES ('runs_hw', 1)")
        assert catalog.cache.get("result:s1") is not None
        with catalog.write(touches=["s1"]) as w:
            w.execute("UPDATE t SET v = 'two' WHERE id = 's1'")
        assert asyncio.run(fetch()) == b"two"
        with pytest.raises(RuntimeError), catalog.write(touches=["s1"]) as w:
            w.execute("UPDATE t SET v = 'three' WHERE id = 's1'")
            raise RuntimeError("rolled back")
        assert asyncio.run(fetch()) == b"two"
    finally:
        catalog.close()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("identity", False),
        ("*", True),
        ("*;q=0", False),
        ("gzip;q=0, *", False),
        ("deflate, *;q=0.1", True),
        ("gzip;q=bogus", False),
    ],
)
def test_accept_encoding(header, expected):
    assert accepts_gzip(header) is expected


def test_books_and_lists_over_http_gzip_or_plain_and_never_stale(api, api_stack):
    sid = api.post("/api/stories/", json=book(child_name="Cachey")).json()["id"]
    wait_for(api, sid)
    url = f"http://127.0.0.1:{api_stack.stack.api_port}/api/stories/{sid}/result"
    headers = {"X-API-Key": api.headers["X-API-Key"]}
    # httpx would inflate a gzip body on its own: read the raw bytes to see what was sent.
    with httpx.stream("GET", url, headers={**headers, "Accept-Encoding": "gzip"}) as zipped:
        raw = b"".join(zipped.iter_raw())
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["vary"] == "Accept-Encoding"
    for accept in ("identity", "gzip;q=0"):
        plain = httpx.get(url, headers={**headers, "Accept-Encoding": accept})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        assert plain.headers["vary"] == "Accept-Encoding"
        assert gzip.decompress(raw) == plain.content
    assert plain.json()["id"] == sid and plain.json()["status"] == "completed"

    def stats() -> dict[str, int]:
        return httpx.get(f"{api_stack.stack.api_url}/readyz").json()["read_cache"]

    before = stats()
    for _ in range(3):
        assert api.get(f"/api/stories/{sid}/result").status_code == 200
    # /readyz renders its answer at most once per refresh interval (1 s): wait for a fresh one.
    deadline = time.monotonic() + 5
    while stats()["hits"] < before["hits"] + 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stats()["hits"] >= before["hits"] + 3

    listed = api.get("/api/stories/", params={"child_name": "cachey"}).json()["items"]
    assert [s["id"] for s in listed] == [sid]
    # A second book of the same name must show at once in the list answered from the cache.
    other = api.post("/api/stories/", json=book(child_name="Cachey")).json()["id"]
    listed = api.get("/api/stories/", params={"child_name": "cachey"}).json()["items"]
    assert [s["id"] for s in listed] == [other, sid]
    wait_for(api, other)
    deadline = time.monotonic() + 10
    while (
        api.get("/api/stories/", params={"child_name": "cachey"}).json()["items"][0]["status"]
        != "completed"
    ):
        assert time.monotonic() < deadline, "the list kept the queued status"
        time.sleep(0.1)

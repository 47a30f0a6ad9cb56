"""Finished answers of catalog reads, kept exact by the catalog's only writer.

A DuckDB query costs this process 0.2 ms before it reads a row (0.4 ms for a book, 2 ms for a
filtered list; bench/api_latency.py), several times what the HTTP layer costs, so at 32 clients
the catalog alone set the latency. Reads repeat far more often than rows change, and every change
goes through `Catalog.write(touches=...)` in this process, which names the stories it touched.
So an entry is dropped when its rows change rather than after a guessed lifetime: the cache never
answers what the catalog would not.

- A story's entries (its result) go when that story is touched; every list entry goes when any
  story is touched, since any change can move a story into or out of a list.
- A reader takes `mark()` before its query and `put`s with it; a write in between (whose commit
  the query may or may not have seen) drops the put. Writers invalidate after COMMIT.
- Concurrent misses of one key wait for one read: after a write drops a list, 32 clients asking
  for it again cost one query, not 32 queued on the catalog.
- Bodies are kept gzipped (a 50 KB book is ~7 KB): sent as they are to the clients that accept
  gzip (all common HTTP clients do), inflated (~40 us) for the rest. Least recently used first
  out, within a byte budget. A budget of 0 turns the cache off.
"""

from __future__ import annotations

import asyncio
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

# Key, deflated body and bookkeeping: about what a dict slot and two small strings take.
_ENTRY_OVERHEAD = 200


@dataclass(frozen=True, slots=True)
class Body:
    data: bytes
    gzipped: bool

    def plain(self) -> bytes:
        return zlib.decompress(self.data, wbits=31) if self.gzipped else self.data


def gzipped(data: bytes) -> Body:
    # Level 1: a third of level 6's time for 20% more bytes, and the fill is on the read path.
    return Body(zlib.compress(data, 1, wbits=31), gzipped=True)


class ReadCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[bytes, str | None]] = OrderedDict()
        self._by_story: dict[str, set[str]] = {}
        self._lists: set[str] = set()
        self._bytes = 0
        self._generation = 0
        self._lock = threading.Lock()
        self._inflight: dict[str, asyncio.Future[Body]] = {}
        self.hits = self.misses = self.evictions = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def mark(self) -> int:
        return self._generation

    async def fetch(self, key: str, read: Callable[[], bytes], *, story: str | None) -> Body:
        """The cached body of `key`, else `read()` in the thread pool (once for all waiters).

        `story` is the story the answer depends on; None for a list. Exceptions of `read` (a
        404, say) reach every waiter and are not kept."""
        if not self.enabled:
            return Body(await run_in_threadpool(read), gzipped=False)
        body = self.get(key)
        if body is not None:
            return body
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fill(key, read, story))
            self._inflight[key] = pending
            pending.add_done_callback(lambda done: self._settled(key, done))
        # Shielded: a client that goes away does not cancel the read the others wait for.
        return await asyncio.shield(pending)

    async def _fill(self, key: str, read: Callable[[], bytes], story: str | None) -> Body:
        mark = self.mark()
        body = await run_in_threadpool(lambda: gzipped(read()))
        self.put(key, body, mark, story=story)
        return body

    def _settled(self, key: str, done: asyncio.Future[Body]) -> None:
        self._inflight.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved here, so an error nobody awaited is not logged as lost

    def get(self, key: str) -> Body | None:
        if not self.enabled:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return Body(entry[0], gzipped=True)

    def put(self, key: str, body: Body, mark: int, *, story: str | None) -> None:
        """Keep `body` for `key`; `story` is the story it depends on, None for a list."""
        if not self.enabled or not body.gzipped:
            return
        packed = body.data
        size = len(packed) + len(key) + _ENTRY_OVERHEAD
        if size > self.max_bytes:
            return
        with self._lock:
            if mark != self._generation:
                return  # a write landed while this was read: it may be the older answer
            self._drop(key)
            self._entries[key] = (packed, story)
            self._bytes += size
            if story is None:
                self._lists.add(key)
            else:
                self._by_story.setdefault(story, set()).add(key)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))
                self.evictions += 1

    def invalidate(self, stories: Iterable[str] | None) -> None:
        """After a commit: drop what depends on `stories` (None: on anything) and every list."""
        touched = None if stories is None else list(stories)
        if touched == []:
            return  # e.g. the ingest cursor: no story row changed
        with self._lock:
            self._generation += 1
            if touched is None:
                self._entries.clear()
                self._by_story.clear()
                self._lists.clear()
                self._bytes = 0
                return
            for key in list(self._lists):
                self._drop(key)
            for story in touched:
                for key in list(self._by_story.get(story, ())):
                    self._drop(key)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self._bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
            }

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        packed, story = entry
        self._bytes -= len(packed) + len(key) + _ENTRY_OVERHEAD
        if story is None:
            self._lists.discard(key)
        else:
            keys = self._by_story.get(story)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_story[story]

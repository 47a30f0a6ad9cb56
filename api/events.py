"""Event streams: one status read per followed story, shared by all its streams, and caps.

Each stream used to read its story's status 4 times a second on its own: 1,000 streams of one
book were 4,000 reads a second. Here the first stream of a story starts one poller, every
other stream of it waits on that poller's changes, and the last one to leave stops it. Streams
are capped per API key and in total, and each lives at most `sse_max_lifetime_s`, then says
(`retry:`) when to come back: a client's EventSource reconnects by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from api.errors import ApiError

log = logging.getLogger("moretale.api")
FINAL = ("completed", "failed", "canceled")
ReadDetail = Callable[[str], Awaitable[bytes]]


@dataclass
class Watch:
    """What one poller knows about one story; `changed` is replaced (set) at every change."""

    story_id: str
    followers: int = 0
    version: int = 0
    payload: dict[str, Any] | None = None
    final: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    async def wait(self, after: int, timeout: float) -> None:
        if self.version > after:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), timeout)


def _payload(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": detail["id"],
        "status": detail["status"],
        "progress": detail["progress"],
        "has_partial_failures": bool(detail["result"] and detail["result"]["has_partial_failures"]),
    }


class StreamHub:
    def __init__(self, read: ReadDetail, *, per_key: int, total: int, poll_s: float) -> None:
        self.read, self.per_key, self.total, self.poll_s = read, per_key, total, poll_s
        self.open: Counter[str] = Counter()
        self.watches: dict[str, Watch] = {}
        self.polls = 0  # status reads made, for tests and the bench

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    def admit(self, key: str) -> None:
        """Take a stream slot for `key` or raise 429 (this key) / 503 (this process)."""
        if self.open[key] >= self.per_key:
            raise ApiError(
                429,
                "TOO_MANY_STREAMS",
                f"at most {self.per_key} open event streams per API key",
                {"limit": self.per_key},
                headers={"Retry-After": "5"},
            )
        if self.open_total >= self.total:
            raise ApiError(
                503,
                "TOO_MANY_STREAMS",
                "the server has as many open event streams as it takes; try again shortly",
                {"limit": self.total},
                headers={"Retry-After": "5"},
            )
        self.open[key] += 1

    def release(self, key: str) -> None:
        self.open[key] -= 1
        if self.open[key] <= 0:
            del self.open[key]

    def follow(self, story_id: str) -> Watch:
        watch = self.watches.get(story_id)
        if watch is None:
            watch = self.watches[story_id] = Watch(story_id)
            watch.task = asyncio.create_task(self._poll(watch), name=f"sse-poll:{story_id}")
        watch.followers += 1
        return watch

    def leave(self, watch: Watch) -> None:
        watch.followers -= 1
        if watch.followers <= 0 and self.watches.get(watch.story_id) is watch:
            del self.watches[watch.story_id]
            if watch.task is not None:
                watch.task.cancel()

    async def _poll(self, watch: Watch) -> None:
        last = None
        while True:
            try:
                self.polls += 1
                detail = json.loads(await self.read(watch.story_id))
            except ApiError as exc:  # purged while followed: the stream ends
                if exc.status != 404:
                    raise
                watch.final = True
                self._publish(watch)
                return
            except Exception:
                log.exception("sse poll failed", extra={"story": watch.story_id})
                await asyncio.sleep(self.poll_s)
                continue
            state = (detail["status"], detail["progress"])
            if state != last:
                last = state
                watch.payload = _payload(detail)
                watch.final = detail["status"] in FINAL
                self._publish(watch)
            if watch.final:
                return
            await asyncio.sleep(self.poll_s)

    @staticmethod
    def _publish(watch: Watch) -> None:
        watch.version += 1
        event, watch.changed = watch.changed, asyncio.Event()
        event.set()

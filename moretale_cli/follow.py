"""Follow books until they are final: a progress bar per book and one for the set, with an ETA.

One poll answers for the whole set (`GET /api/sets/{name}`); loose ids are polled one by one."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from moretale_cli.connect import Api, Exit

FINAL = ("completed", "failed", "canceled")
MAX_BOOK_BARS = 12  # more than this and the set bar scrolls away on a laptop terminal


@dataclass
class BookState:
    id: str
    status: str
    percent: int
    stage: str | None
    pages_failed: int
    has_partial_failures: bool

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def fully_completed(self) -> bool:
        return self.status == "completed" and not self.has_partial_failures

    def verdict(self) -> str:
        if self.fully_completed:
            return "[green]completed[/]"
        if self.status == "completed":
            return f"[yellow]completed with {self.pages_failed} failed page(s)[/]"
        return f"[red]{self.status}[/]"


def from_set(body: dict) -> list[BookState]:
    return [
        BookState(
            s["id"],
            s["status"],
            s["percent"],
            s["stage"],
            s["pages_failed"],
            s["has_partial_failures"],
        )
        for s in body["stories"]
    ]


def from_story(body: dict) -> BookState:
    result = body.get("result") or {}
    progress = body.get("progress") or {}
    final = body["status"] in FINAL
    failed = result.get("failed_pages") or []
    return BookState(
        body["id"],
        body["status"],
        100 if final else int(progress.get("percent", 0)),
        progress.get("stage"),
        sum(1 for p in failed if p.get("page_number")) if final else 0,
        bool(result.get("has_partial_failures")) and final,
    )


def poll_set(api: Api, name: str) -> Callable[[], list[BookState]]:
    return lambda: from_set(api.json("GET", f"/api/sets/{name}"))


def poll_ids(api: Api, ids: list[str]) -> Callable[[], list[BookState]]:
    known: dict[str, BookState] = {}

    def poll() -> list[BookState]:
        for sid in ids:
            if sid not in known or not known[sid].final:
                known[sid] = from_story(api.json("GET", f"/api/stories/{sid}"))
        return [known[s] for s in ids]

    return poll


def exit_code(books: list[BookState]) -> int:
    if not all(b.final for b in books):
        return Exit.TIMEOUT
    return Exit.OK if all(b.fully_completed for b in books) else Exit.INCOMPLETE


def follow(
    poll: Callable[[], list[BookState]],
    console: Console,
    *,
    label: str,
    timeout: float | None = None,
    interval: float = 0.5,
) -> tuple[int, list[BookState]]:
    started = time.monotonic()
    announced: set[str] = set()
    bars: dict[str, TaskID] = {}
    columns = (
        TextColumn("{task.description}", style="bold"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        books = poll()
        total = progress.add_task(label, total=100 * len(books), note="")
        while True:
            for b in books:
                if b.final:
                    if b.id not in announced:
                        announced.add(b.id)
                        if b.id in bars:
                            progress.remove_task(bars.pop(b.id))
                        progress.console.print(f"  {b.id}  {b.verdict()}")
                    continue
                if b.id not in bars and len(bars) < MAX_BOOK_BARS:
                    bars[b.id] = progress.add_task(f"  {b.id[-28:]}", total=100, note="")
                if b.id in bars:
                    progress.update(
                        bars[b.id], completed=b.percent, note=f"{b.status} {b.stage or ''}"
                    )
            done = sum(b.final for b in books)
            failed = sum(b.final and not b.fully_completed for b in books)
            progress.update(
                total,
                completed=sum(b.percent for b in books),
                note=f"{done}/{len(books)} done" + (f", {failed} not completed" if failed else ""),
            )
            if all(b.final for b in books):
                break
            if timeout is not None and time.monotonic() - started > timeout:
                break
            time.sleep(interval)
            books = poll()
    return exit_code(books), books

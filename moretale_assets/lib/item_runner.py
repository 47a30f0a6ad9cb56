"""Run a book's page items (one WAV, one picture) with bounded concurrency and per-item retries.

Pages are items inside a story partition, never partitions themselves: this is the loop that
replaces MoreTale's BatchRetryTracker. Items already present and valid are skipped; a failed item
is retried with exponential backoff and jitter; the caller gets one outcome per item and decides
whether the step failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from moretale_assets.lib.providers.base import ProviderError

T = TypeVar("T")
Status = Literal["generated", "skipped_exists", "failed"]

# The item being worked on in this thread ("page_03_primary", "cover"): lets fault injection
# and log lines name the page without threading it through every provider signature.
CURRENT_ITEM: ContextVar[str] = ContextVar("moretale_current_item", default="")


@dataclass(frozen=True)
class Item(Generic[T]):
    label: str
    page: int | None
    is_done: Callable[[], bool]
    make: Callable[[int], T]  # called with the 1-based attempt number


@dataclass(frozen=True)
class Outcome(Generic[T]):
    label: str
    page: int | None
    status: Status
    attempts: int = 0
    elapsed_ms: float = 0.0
    result: T | None = None
    error: str | None = None
    retryable: bool = True


@dataclass(frozen=True)
class RetrySettings:
    max_attempts: int = 3
    initial_s: float = 0.2
    max_s: float = 5.0
    jitter_s: float = 0.2


def _should_retry(exc: BaseException) -> bool:
    # Interrupts (a canceled run, Ctrl-C) are BaseExceptions; retrying them would swallow the
    # cancel and keep the run going.
    if not isinstance(exc, Exception):
        return False
    return not isinstance(exc, ProviderError) or exc.retryable


def run_item(item: Item[T], retry: RetrySettings) -> Outcome[T]:
    token = CURRENT_ITEM.set(item.label)
    start = time.perf_counter()
    attempts = 0
    try:
        if item.is_done():
            return Outcome(item.label, item.page, "skipped_exists")
        retrying = Retrying(
            stop=stop_after_attempt(retry.max_attempts),
            wait=wait_exponential_jitter(retry.initial_s, retry.max_s, jitter=retry.jitter_s),
            retry=retry_if_exception(_should_retry),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                attempts = attempt.retry_state.attempt_number
                result = item.make(attempts)
        elapsed = (time.perf_counter() - start) * 1000
        return Outcome(item.label, item.page, "generated", attempts, elapsed, result)
    except Exception as exc:  # one bad page must not sink the others
        elapsed = (time.perf_counter() - start) * 1000
        # The code in brackets lets manifests and the API group failures by cause (lib/causes).
        code = f" [{exc.code}]" if isinstance(exc, ProviderError) else ""
        return Outcome(
            item.label,
            item.page,
            "failed",
            attempts,
            elapsed,
            error=f"{type(exc).__name__}{code}: {exc}",
            retryable=_should_retry(exc),
        )
    finally:
        CURRENT_ITEM.reset(token)


def run_items(
    items: Sequence[Item[T]],
    *,
    workers: int,
    retry: RetrySettings,
    on_outcome: Callable[[Outcome[T]], None] | None = None,
) -> list[Outcome[T]]:
    """Run every item; outcomes come back in the items' order. `on_outcome` is called in the
    caller's thread as each item finishes (Dagster's context is not shared across threads)."""
    if workers <= 1 or len(items) <= 1:
        outcomes = []
        for item in items:
            outcomes.append(run_item(item, retry))
            if on_outcome is not None:
                on_outcome(outcomes[-1])
        return outcomes
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="moretale-page")
    try:
        futures = {pool.submit(run_item, item, retry): i for i, item in enumerate(items)}
        results: dict[int, Outcome[T]] = {}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if on_outcome is not None:
                on_outcome(results[futures[future]])
    except BaseException:
        # A canceled run (Dagster interrupts this thread) must not wait for every queued page.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [results[i] for i in range(len(items))]

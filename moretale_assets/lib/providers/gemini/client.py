"""One place that calls Gemini: pacing, retries that honour the server's delay, error mapping."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from google import genai
from google.genai import types
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from moretale_assets.lib.pacing import Pacer, QuotaBlocked
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.config import GeminiConfig
from moretale_assets.lib.providers.gemini.errors import (
    DailyQuotaExhausted,
    RetryLater,
    translate,
)


def next_daily_reset(now: float | None = None) -> float:
    """Gemini's per-day quotas reset at midnight Pacific time."""
    pacific = ZoneInfo("America/Los_Angeles")
    current = datetime.fromtimestamp(now or time.time(), pacific)
    midnight = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.timestamp()


@dataclass
class Call:
    response: Any
    attempts: int
    waited_s: float


class GeminiCaller:
    def __init__(self, config: GeminiConfig) -> None:
        if not config.api_key:
            raise ProviderError(
                "the Gemini provider needs MORETALE_GEMINI_API_KEY",
                retryable=False,
                code="MISCONFIGURED",
            )
        self.config = config
        options = types.HttpOptions(timeout=int(config.timeout_s * 1000))
        if config.base_url:
            options.base_url = config.base_url
        if config.api_version:
            options.api_version = config.api_version
        self.client = genai.Client(api_key=config.api_key, http_options=options)
        path = config.pacing_path or str(Path.home() / ".cache" / "moretale" / "pacing.sqlite")
        self.pacer = Pacer(path, config.rpm)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryLater) and exc.delay_s is not None:
            return exc.delay_s + 0.05  # the server knows best when the window frees
        c = self.config
        base = min(c.backoff_max_s, c.backoff_initial_s * 2 ** (state.attempt_number - 1))
        # Full jitter keeps many workers from retrying in lockstep.
        return base * (0.5 + 0.5 * (time.time_ns() % 1000) / 1000)

    def generate(self, model: str, contents: Any, config: types.GenerateContentConfig) -> Call:
        waited = 0.0
        attempts = 0
        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, ProviderError) and e.retryable),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                attempts = attempt.retry_state.attempt_number
                try:
                    waited += self.pacer.acquire(model)
                except QuotaBlocked as exc:
                    raise DailyQuotaExhausted(model, exc.until - time.time()) from exc
                try:
                    response = self.client.models.generate_content(
                        model=model, contents=contents, config=config
                    )
                except Exception as exc:
                    err = translate(exc, model)
                    if isinstance(err, DailyQuotaExhausted):
                        # Stop every process on this host from spending requests on it.
                        until = time.time() + err.delay_s if err.delay_s else next_daily_reset()
                        self.pacer.block(model, until)
                    raise err from exc
        return Call(response, attempts, waited)

"""One place that calls Gemini: pacing, retries that honour the server's delay, error mapping,
daily-quota blocks with a probe, and models that do not exist."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from google import genai
from google.genai import types
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.gemini.config import GeminiConfig
from moretale_assets.lib.providers.gemini.errors import (
    DailyQuotaExhausted,
    ModelNotFound,
    RetryLater,
    translate,
)
from moretale_assets.lib.quota import Pacer, QuotaBlocked, next_daily_reset

__all__ = ["Call", "GeminiCaller", "GeminiConfig", "next_daily_reset", "open_pacer"]


def open_pacer(config: GeminiConfig) -> Pacer:
    return Pacer(
        config.pacing_path,
        config.rpm,
        config.pacing_window_s,
        url=config.pacing_url,
        probe_initial_s=config.probe_initial_s,
    )


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
        self.pacer = open_pacer(config)
        self._missing: dict[str, ModelNotFound] = {}
        self._lock = threading.Lock()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryLater) and exc.delay_s is not None:
            return exc.delay_s + 0.05  # the server knows best when the window frees
        c = self.config
        base = min(c.backoff_max_s, c.backoff_initial_s * 2 ** (state.attempt_number - 1))
        # Full jitter keeps many workers from retrying in lockstep.
        return base * (0.5 + 0.5 * (time.time_ns() % 1000) / 1000)

    def available_models(self) -> list[str]:
        """models.list, names without the `models/` prefix ([] if the list itself fails)."""
        try:
            return sorted((m.name or "").removeprefix("models/") for m in self.client.models.list())
        except Exception:  # the listing is a courtesy in an error message, never the error
            return []

    def _not_found(self, model: str) -> ModelNotFound:
        with self._lock:
            if model not in self._missing:
                self._missing[model] = ModelNotFound(model, self.available_models())
            return self._missing[model]

    def generate(self, model: str, contents: Any, config: types.GenerateContentConfig) -> Call:
        if model in self._missing:  # every later page fails at once, without a request
            raise self._missing[model]
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
                    raise DailyQuotaExhausted(model, exc.until - time.time(), str(exc)) from exc
                probe = self.pacer.probing(model)
                try:
                    response = self.client.models.generate_content(
                        model=model, contents=contents, config=config
                    )
                except Exception as exc:
                    err = translate(exc, model)
                    if isinstance(err, DailyQuotaExhausted):
                        # Stop every process sharing the quota state from spending requests.
                        reset = time.time() + err.delay_s if err.delay_s else next_daily_reset()
                        block = self.pacer.block(model, reset, str(exc)[:300])
                        raise DailyQuotaExhausted(model, err.delay_s, block.message) from exc
                    if isinstance(err, ModelNotFound):
                        raise self._not_found(model) from exc
                    raise err from exc
                if probe:  # the provider took a request again: the day block is over
                    self.pacer.lift(model)
        return Call(response, attempts, waited)

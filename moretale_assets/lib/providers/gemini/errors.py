"""Gemini failures → ProviderError with the right retry behaviour.

What the real API does (providers-notes §C): rate limits are 429 RESOURCE_EXHAUSTED with the wait
in the body (`google.rpc.RetryInfo.retryDelay`, e.g. "26s"), usually no Retry-After header;
`google.rpc.QuotaFailure.violations[].quotaId` names the quota, and a per-day id means nothing
will succeed until the daily reset; 503 UNAVAILABLE "model is overloaded" is transient.
"""

from __future__ import annotations

import re
from typing import Any

from google.genai import errors

from moretale_assets.lib.providers.base import ProviderError

RETRYABLE_CODES = {408, 429, 500, 502, 503, 504}


class RetryLater(ProviderError):
    """Transient; `delay_s` is the server's suggestion (RetryInfo or Retry-After), if any."""

    def __init__(self, message: str, delay_s: float | None, code: str = "RATE_LIMITED") -> None:
        super().__init__(message, retryable=True, code=code)
        self.delay_s = delay_s


class DailyQuotaExhausted(ProviderError):
    """A per-day quota is spent: stop calling this model until the provider accepts a probe
    (or an operator lifts the block). `message` says when the quota resets, in UTC and
    Pacific time, and how to lift the block."""

    def __init__(self, model: str, delay_s: float | None, message: str = "") -> None:
        super().__init__(
            (message or f"daily quota of {model} is exhausted")
            + " (a backfill of the failed partitions will complete the book)",
            retryable=False,
            code="DAILY_QUOTA_EXHAUSTED",
        )
        self.model, self.delay_s = model, delay_s


class ModelNotFound(ProviderError):
    """The model does not exist (retired, or a typo): no retry can help."""

    def __init__(self, model: str, available: list[str]) -> None:
        shown = ", ".join(available[:40]) or "(models.list returned none)"
        super().__init__(
            f"model {model} answered 404 NOT_FOUND (retired or misspelt); set another in "
            f"MORETALE_STORY_MODEL / MORETALE_TTS_MODEL / MORETALE_IMAGE_MODEL. "
            f"Available: {shown}",
            retryable=False,
            code="MODEL_NOT_FOUND",
        )
        self.model, self.available = model, available


def _duration(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9.]+)s\s*", value or "")
    return float(match.group(1)) if match else None


def _details(exc: errors.APIError) -> list[dict[str, Any]]:
    body = exc.details if isinstance(exc.details, dict) else {}
    details = (body.get("error") or body).get("details") or []
    return [d for d in details if isinstance(d, dict)]


def suggested_delay(exc: errors.APIError) -> float | None:
    for d in _details(exc):
        if d.get("@type", "").endswith("google.rpc.RetryInfo"):
            return _duration(d.get("retryDelay"))
    response = getattr(exc, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        return float(header) if header else None
    except ValueError:
        return None


def is_daily(exc: errors.APIError) -> bool:
    for d in _details(exc):
        if d.get("@type", "").endswith("google.rpc.QuotaFailure"):
            for v in d.get("violations", []):
                if "PerDay" in (v.get("quotaId") or ""):
                    return True
    return False


def translate(exc: Exception, model: str) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        summary = f"{model}: HTTP {code} {exc.status or ''} {(exc.message or '')[:300]}".strip()
        if code == 429 and is_daily(exc):
            return DailyQuotaExhausted(model, suggested_delay(exc))
        if code == 404 and (exc.status or "") == "NOT_FOUND":
            return ModelNotFound(model, [])
        if code in RETRYABLE_CODES:
            return RetryLater(summary, suggested_delay(exc), code=f"HTTP_{code}")
        return ProviderError(summary, retryable=False, code=f"HTTP_{code}")
    # Transport errors (timeouts, resets) are worth another try.
    return RetryLater(f"{model}: {type(exc).__name__}: {exc}", None, code="TRANSPORT")

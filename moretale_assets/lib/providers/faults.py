"""Deliberate provider failures for drills and tests: "what happens when page 5 never draws?"

A plan maps a provider kind to item labels (glob patterns) and how many times each fails before
it succeeds (-1: always), or an object that can also slow each call down. It comes from
MORETALE_FAULT_PLAN, either inline JSON or `@/path.json`; a file is re-read on every call so an
operator can "fix the outage" while a run is retried.

    {"speech": {"page_03_primary": 2}, "illustrator": {"page_05": -1, "*": {"delay_ms": 50}}}
    {"illustrator": {"page_07": {"fail": -1, "code": "SAFETY_BLOCKED"}}}
"""

from __future__ import annotations

import fnmatch
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moretale_assets.lib.item_runner import CURRENT_ITEM
from moretale_assets.lib.providers.base import ProviderError

TRANSIENT = {"PROVIDER_ERROR", "RATE_LIMITED", "HTTP_500", "HTTP_503", "HTTP_504", "TRANSPORT"}


@dataclass(frozen=True)
class Fault:
    fail: int = 0  # failures before success; -1 = always
    delay_ms: int = 0
    # The failure's code, to drill a cause (lib/causes.py): e.g. SAFETY_BLOCKED,
    # DAILY_QUOTA_EXHAUSTED, HTTP_503. Codes other than the transient ones are not retried.
    code: str = "PROVIDER_ERROR"


def load_plan(spec: str) -> dict[str, dict[str, Fault]]:
    if not spec.strip():
        return {}
    text = Path(spec[1:]).read_text() if spec.startswith("@") else spec
    raw = json.loads(text) if text.strip() else {}
    return {
        kind: {
            str(k): Fault(**v) if isinstance(v, dict) else Fault(fail=int(v))
            for k, v in items.items()
        }
        for kind, items in raw.items()
    }


class FaultInjecting:
    """Wraps a provider; every public call first consults the fault plan. Failures are counted
    per wrapper, i.e. per step, so "fails twice" means twice within one step."""

    def __init__(self, inner: Any, kind: str, spec: str) -> None:
        self._inner, self._kind, self._spec = inner, kind, spec
        self.provider, self.model = inner.provider, inner.model
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def maybe_fail(self) -> None:
        """Raise a retryable ProviderError if the plan says the current item fails now."""
        plan = load_plan(self._spec).get(self._kind)
        if not plan:
            return
        item = CURRENT_ITEM.get()
        for pattern, fault in plan.items():
            if not fnmatch.fnmatchcase(item, pattern):
                continue
            if fault.delay_ms:
                time.sleep(fault.delay_ms / 1000)
            if fault.fail == 0:
                return
            with self._lock:
                seen = self._counts[item]
                self._counts[item] += 1
            if fault.fail < 0 or seen < fault.fail:
                raise ProviderError(
                    f"injected fault: {self._kind} {item} (failure {seen + 1})",
                    retryable=fault.code in TRANSIENT,
                    code=fault.code,
                )
            return

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name in ("write", "synthesize", "synthesize_many", "draw"):

            def call(*args: Any, **kwargs: Any) -> Any:
                self.maybe_fail()
                return attr(*args, **kwargs)

            return call
        return attr

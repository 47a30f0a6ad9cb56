import threading

import pytest

from moretale_assets.lib.item_runner import CURRENT_ITEM, Item, RetrySettings, run_items
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.faults import FaultInjecting

FAST = RetrySettings(max_attempts=3, initial_s=0.001, max_s=0.002, jitter_s=0.0)


def test_skips_retries_and_reports_each_item():
    calls: dict[str, int] = {}
    lock = threading.Lock()

    def make_for(label, fail_times):
        def make(attempt):
            with lock:
                calls[label] = calls.get(label, 0) + 1
            if attempt <= fail_times:
                raise RuntimeError(f"boom {label} {attempt}")
            return label.upper()

        return make

    items = [
        Item("done", 1, lambda: True, make_for("done", 0)),
        Item("flaky", 2, lambda: False, make_for("flaky", 2)),
        Item("dead", 3, lambda: False, make_for("dead", 99)),
        Item("ok", 4, lambda: False, make_for("ok", 0)),
    ]
    out = run_items(items, workers=3, retry=FAST)
    assert [o.status for o in out] == ["skipped_exists", "generated", "failed", "generated"]
    assert "done" not in calls
    assert out[1].attempts == 3 and out[1].result == "FLAKY"
    assert calls["dead"] == 3 and "boom dead 3" in (out[2].error or "")


def test_non_retryable_errors_are_not_retried():
    calls = []

    def make(attempt):
        calls.append(attempt)
        raise ProviderError("bad prompt", retryable=False)

    [o] = run_items([Item("x", 1, lambda: False, make)], workers=1, retry=FAST)
    assert o.status == "failed" and calls == [1] and not o.retryable


class Interrupted(BaseException):
    """Stands in for DagsterExecutionInterruptedError: a cancel, not a page error."""


def test_an_interrupt_is_never_retried_or_swallowed():
    # A cancel that lands while a lone item (the cover) runs in the caller's thread used to
    # be retried like a provider error, so the run carried on and finished.
    calls = []

    def make(attempt):
        calls.append(attempt)
        raise Interrupted()

    with pytest.raises(Interrupted):
        run_items([Item("cover", 0, lambda: False, make)], workers=4, retry=FAST)
    assert calls == [1]


def test_fault_plan_names_items(tmp_path):
    class Echo:
        provider, model = "test", "echo"

        def draw(self, prompt, **kw):
            return prompt

    plan = tmp_path / "plan.json"
    plan.write_text('{"illustrator": {"page_02": 1, "page_03": -1}}')
    wrapped = FaultInjecting(Echo(), "illustrator", f"@{plan}")

    def item(label):
        return Item(label, int(label[-1]), lambda: False, lambda a: wrapped.draw(label))

    out = run_items([item("page_01"), item("page_02"), item("page_03")], workers=2, retry=FAST)
    assert [o.status for o in out] == ["generated", "generated", "failed"]
    assert out[1].attempts == 2
    assert "injected fault" in (out[2].error or "")
    # "Fix the outage": the plan file is re-read, so page 3 now succeeds.
    plan.write_text("{}")
    [o] = run_items([item("page_03")], workers=1, retry=FAST)
    assert o.status == "generated"
    assert CURRENT_ITEM.get() == ""

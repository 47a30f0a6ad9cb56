"""The sender against a real DuckDB catalog and a real HTTP receiver: backoff, giving up after
the retry window, one delivery per event, targets re-checked before every attempt."""

import time

from api.catalog.db import Catalog
from api.webhooks import store
from api.webhooks.sender import Sender
from api.webhooks.settings import WebhookSettings
from devstack.webhook_receiver import Receiver
from tests.content.conftest import WEBHOOK_SECRET


def _setup(tmp_path, **settings):
    catalog = Catalog(tmp_path / "c.duckdb")
    store.ensure_schema(catalog)
    hooks = WebhookSettings(secret=WEBHOOK_SECRET, **settings)
    return catalog, hooks


def _enqueue(catalog, url, key="s1:r1:story.completed"):
    return store.enqueue(
        catalog,
        key=key,
        event="story.completed",
        url=url,
        data={"id": "s1"},
        story_id="s1",
        set_name=None,
    )


def test_backoff_then_give_up(tmp_path):
    receiver = Receiver(WEBHOOK_SECRET)
    receiver.refuse_first = {"story.completed": 1000}
    catalog, hooks = _setup(
        tmp_path, allow_private=True, retry_base_s=0.2, give_up_after_s=2.5, workers=1
    )
    sender = Sender(catalog, hooks)
    try:
        assert _enqueue(catalog, receiver.url)
        assert not _enqueue(catalog, receiver.url)  # the same event again: nothing new
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            sender.send_due()
            (log,) = store.list_deliveries(catalog, "story_id", "s1").items
            if log.status != "pending":
                break
            time.sleep(0.01)
        assert log.status == "failed"
        assert log.attempts >= 3 and all(a.status_code == 500 for a in log.history)
        gaps = [b.at - a.at for a, b in zip(log.history, log.history[1:], strict=False)]
        assert gaps[-1] > gaps[0] * 2  # 0.2 s, 0.4 s, 0.8 s (±20%): exponential, not constant
        assert receiver.bad_signatures == 0
    finally:
        sender.stop()
        receiver.close()
        catalog.close()


def test_loopback_refused_before_sending(tmp_path):
    receiver = Receiver(WEBHOOK_SECRET)
    catalog, hooks = _setup(tmp_path, allow_private=False, retry_base_s=30)
    sender = Sender(catalog, hooks)
    try:
        _enqueue(catalog, receiver.url)
        assert sender.send_due() == 1
        (log,) = store.list_deliveries(catalog, "story_id", "s1").items
        assert log.status == "pending" and log.last_status_code is None
        assert "loopback" in log.last_error
        assert receiver.events() == [] and receiver.bad_signatures == 0
    finally:
        sender.stop()
        receiver.close()
        catalog.close()

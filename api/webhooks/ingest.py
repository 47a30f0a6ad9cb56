"""The catalog ingest, plus one call: after each pass, queue the webhooks its changes call for."""

from __future__ import annotations

import logging

from api.catalog.ingest import Ingestor
from api.webhooks import events
from api.webhooks.sender import Sender

log = logging.getLogger("moretale.api.webhooks")


class NotifyingIngestor(Ingestor):
    sender: Sender | None = None
    _unnotified: set[str] | None = None  # stories whose webhooks could not be queued yet

    def tick(self) -> set[str]:
        touched = super().tick()
        if self.sender is None:
            return touched
        todo = touched | (self._unnotified or set())
        if not todo:
            return touched
        try:
            if events.notify(self.catalog, todo):
                self.sender.wake()
            self._unnotified = None
        except Exception:  # the refresh is committed: keep the ids and try on the next tick
            self._unnotified = todo
            log.exception("webhook.queue failed")
        return touched

"""The catalog ingest, plus one call: after each pass, queue the webhooks its changes call for."""

from __future__ import annotations

from api.catalog.ingest import Ingestor
from api.webhooks import events
from api.webhooks.sender import Sender


class NotifyingIngestor(Ingestor):
    sender: Sender | None = None

    def tick(self) -> set[str]:
        touched = super().tick()
        if self.sender is not None and touched and events.notify(self.catalog, touched):
            self.sender.wake()
        return touched

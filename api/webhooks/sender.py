"""Send due deliveries, signed as the Standard Webhooks spec says, and retry with exponential
backoff (plus jitter) until one is accepted (2xx) or the retry window (24 h) is over."""

from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
from standardwebhooks.webhooks import Webhook

from api.catalog.db import Catalog
from api.catalog.repository import webhooks as repo
from api.webhooks.settings import WebhookSettings
from api.webhooks.targets import TargetRefused, check_target

log = logging.getLogger("moretale.api.webhooks")
USER_AGENT = "MoreTale-Webhooks/1"


class Sender:
    def __init__(self, catalog: Catalog, settings: WebhookSettings) -> None:
        self.catalog, self.settings = catalog, settings
        self._signer = Webhook(settings.secret.get_secret_value()) if settings.enabled else None
        self._http = httpx.Client(
            timeout=settings.timeout_s, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )
        self._pool = ThreadPoolExecutor(settings.workers, thread_name_prefix="webhook")
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._signer is None:
            return
        self._thread = threading.Thread(target=self._loop, name="webhook-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._http.close()

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.send_due()
            except Exception:  # keep sending; the rows say what is still due
                log.exception("webhook send pass failed")
            self._wake.wait(self.settings.interval_s)
            self._wake.clear()

    def send_due(self) -> int:
        due = repo.due(self.catalog, time.time())
        if due:
            list(
                self._pool.map(
                    lambda d: self._attempt(d.id, d.url, d.payload, d.attempts, d.window_start), due
                )
            )
        return len(due)

    def _attempt(self, msg_id: str, url: str, payload: str, attempts: int, start: float) -> None:
        assert self._signer is not None
        began = time.monotonic()
        code: int | None = None
        error: str | None = None
        try:
            check_target(url, allow_private=self.settings.allow_private)
            now = datetime.now(UTC)
            headers = {
                "content-type": "application/json",
                "webhook-id": msg_id,
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": self._signer.sign(msg_id, now, payload),
            }
            response = self._http.post(url, content=payload.encode(), headers=headers)
            code = response.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except TargetRefused as exc:
            error = str(exc)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        ms = (time.monotonic() - began) * 1000
        self._record(msg_id, attempts + 1, start, code, error, ms)

    def _record(
        self,
        msg_id: str,
        attempt: int,
        start: float,
        code: int | None,
        error: str | None,
        ms: float,
    ) -> None:
        now = time.time()
        s = self.settings
        if error is None:
            status, next_at, delivered = "delivered", now, now
        else:
            delay = min(s.retry_max_s, s.retry_base_s * 2 ** (attempt - 1))
            next_at = now + delay * random.uniform(0.8, 1.2)
            status = "failed" if next_at - start > s.give_up_after_s else "pending"
            delivered = None
        repo.record_attempt(
            self.catalog,
            repo.AttemptRow(msg_id, attempt, now, code, error, round(ms, 1)),
            status=status,
            next_attempt_at=next_at,
            delivered_at=delivered,
        )
        if error:
            log.warning(
                "webhook.retry" if status == "pending" else "webhook.gave_up",
                extra={"delivery": msg_id, "attempt": attempt, "error": error},
            )


def redeliver(catalog: Catalog, msg_id: str) -> bool:
    """Send a delivery again (same id, so receivers can drop it if they had it)."""
    return repo.reopen(catalog, msg_id, time.time())

"""A webhook receiver on 127.0.0.1 for tests and benchmarks (Standard Webhooks signatures)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver:
    """A webhook receiver on 127.0.0.1 that verifies every signature with the Standard Webhooks
    library, and can refuse the first tries of a delivery to exercise retries."""

    def __init__(self, secret: str) -> None:
        self.verified: list[tuple[str, dict]] = []  # (webhook-id, payload), in arrival order
        self.arrived: list[float] = []  # monotonic arrival time of each accepted delivery
        self.bad_signatures = 0
        self.refuse_first: dict[str, int] = {}  # event type -> tries to answer 500
        self.lock = threading.Lock()
        hook, receiver = Webhook(secret), self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    payload = hook.verify(body, dict(self.headers))
                except WebhookVerificationError:
                    with receiver.lock:
                        receiver.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                with receiver.lock:
                    left = receiver.refuse_first.get(payload["type"], 0)
                    if left:
                        receiver.refuse_first[payload["type"]] = left - 1
                    else:
                        receiver.verified.append((self.headers["webhook-id"], payload))
                        receiver.arrived.append(time.monotonic())
                self.send_response(500 if left else 204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self, kind: str | None = None) -> list[tuple[str, dict]]:
        with self.lock:
            return [(i, p) for i, p in self.verified if kind is None or p["type"] == kind]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

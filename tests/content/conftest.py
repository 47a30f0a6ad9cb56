from collections.abc import Iterator

import pytest

from tests.api.conftest import KEY, ApiStack

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture(scope="package")
def content_stack(tmp_path_factory) -> Iterator[ApiStack]:
    """Dagster webserver + daemon + the API under uvicorn (embedded instance), with webhooks
    signed by a known secret and loopback receivers explicitly allowed."""
    s = ApiStack(
        tmp_path_factory.mktemp("content"),
        env={
            "MORETALE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "MORETALE_WEBHOOK_ALLOW_PRIVATE": "true",
            "MORETALE_WEBHOOK_RETRY_BASE_S": "0.2",
        },
    )
    s.stack.start()
    try:
        yield s
    finally:
        s.stack.stop()


@pytest.fixture
def cli_env(content_stack, monkeypatch):
    """The command finds the stack through the record devstack writes, with the test key."""
    content_stack.faults({})
    monkeypatch.delenv("MORETALE_API_URL", raising=False)
    monkeypatch.setenv("MORETALE_STACK_FILE", str(content_stack.stack.record_path))
    monkeypatch.setenv("MORETALE_API_KEY", KEY)
    yield content_stack
    content_stack.faults({})


class Receiver:
    """A webhook receiver on 127.0.0.1 that verifies every signature with the Standard Webhooks
    library, and can refuse the first tries of a delivery to exercise retries."""

    def __init__(self, secret: str) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from standardwebhooks.webhooks import Webhook, WebhookVerificationError

        self.verified: list[tuple[str, dict]] = []  # (webhook-id, payload), in arrival order
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


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(WEBHOOK_SECRET)
    try:
        yield r
    finally:
        r.close()

from collections.abc import Iterator

import pytest

from devstack.webhook_receiver import Receiver
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
    try:
        s.stack.start()  # inside: a stack that fails to start is still stopped
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


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(WEBHOOK_SECRET)
    try:
        yield r
    finally:
        r.close()

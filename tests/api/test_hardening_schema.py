"""Schemathesis over every operation of the OpenAPI schema, in process (the ASGI app with its
lifespan, a real DuckDB catalog) against a real Dagster webserver with no daemon: creates
launch runs that stay queued, so the test costs no run CPU. Bounded: a fixed number of
examples per operation, derandomized (a fixed seed), every check schemathesis has by default
(no server error, status codes, content types, headers and bodies as documented)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.main import create_app
from devstack.stack import BIN, ROOT, Stack, free_port, prepare_home
from tests.api.test_hardening import KEY
from tests.api.test_hardening import settings as api_settings

EXAMPLES = 12


# The schema is read at collection, so the app exists then; the fixture below gives it the
# Dagster webserver it was configured for and runs its lifespan.
_TMP = Path(tempfile.mkdtemp(prefix="moretale-contract-"))
_PORT = free_port()
APP = create_app(
    api_settings(
        _TMP,
        dagster_port=_PORT,
        rate_limit_posts="100000/minute",
        rate_limit_stories="100000/minute",
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def contract_app():
    stack = Stack(home=_TMP / "dagster_home", outputs=_TMP / "outputs", port=_PORT)
    prepare_home(stack.home)
    # The webserver only: no daemon dequeues runs, so a created book stays queued.
    stack._spawn(
        "webserver",
        [
            str(BIN / "dagster-webserver"),
            "-w",
            str(ROOT / "workspace.yaml"),
            "-h",
            "127.0.0.1",
            "-p",
            str(_PORT),
        ],
    )
    try:
        stack.wait_ready(120)
        with TestClient(APP):  # runs the lifespan: catalog, ingest, limiter, hubs
            yield APP
    finally:
        stack.stop()
        shutil.rmtree(_TMP, ignore_errors=True)


def _contract_test(operation_id: str) -> Callable[..., None]:
    @schema.include(operation_id=operation_id).parametrize()
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case, contract_app):
        # Not `positive_data_acceptance`: some rules are beyond JSON Schema (two different
        # languages, a cursor only this API issued), so a schema-valid request may be a 400/422.
        excluded = [positive_data_acceptance]
        if case.operation.path == "/readyz":
            # Its documented 503 ("not ready": e.g. an ingest tick slower than its bound on a
            # loaded machine) is its answer, not a server error; its body is still checked.
            excluded.append(not_a_server_error)
        case.call_and_validate(headers={"X-API-Key": KEY}, excluded_checks=excluded)

    return test


# One test function per operation, named by its stable operation id. A single
# `@schema.parametrize()` test gives every operation the same node id, and pytest-xdist, which
# schedules by node id, then ran one operation of the 24.
OPERATION_IDS = sorted(r.ok().definition.raw["operationId"] for r in schema.get_all_operations())
for _operation_id in OPERATION_IDS:
    globals()[f"test_contract_{_operation_id.replace('-', '_')}"] = _contract_test(_operation_id)


def test_every_operation_has_its_contract_test():
    tests = {name for name in globals() if name.startswith("test_contract_")}
    assert len(tests) == len(OPERATION_IDS) >= 20

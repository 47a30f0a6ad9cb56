import hashlib
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from devstack.stack import EMBEDDED, PRODUCTION, Stack, free_port
from moretale_assets.lib import contract, layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.storage import LocalStorage
from tests.conftest import AWS_TEST_ENV, make_bucket

KEY, OTHER_KEY = "test-key-1", "test-key-2"
FINAL = ("completed", "failed", "canceled")


class ApiStack:
    """Dagster webserver + daemon + the API under uvicorn, on 127.0.0.1, temp homes.
    `instance` is the embedded default (SQLite) or the production file (Postgres + S3 logs)."""

    def __init__(self, tmp: Path, instance: Path = EMBEDDED, env: dict | None = None) -> None:
        self.plan = tmp / "faults.json"
        self.pacing = tmp / "pacing.sqlite"  # the quota state the API and run workers share
        self.plan.write_text("{}")
        self.stack = Stack(
            home=tmp / "dagster_home",
            outputs=tmp / "outputs",
            port=free_port(),
            api_port=free_port(),
            instance_yaml=instance,
            env_extra={
                "MORETALE_FAULT_PLAN": f"@{self.plan}",
                "MORETALE_API_KEYS": f"{KEY},{OTHER_KEY}",
                "MORETALE_RATE_LIMIT_POSTS": "80/minute",
                "MORETALE_RATE_LIMIT_STORIES": "1000/minute",
                "MORETALE_PACING_PATH": str(tmp / "pacing.sqlite"),
                **(env or {}),
            },
        )

    def client(self, key: str | None = KEY) -> httpx.Client:
        headers = {"X-API-Key": key} if key else {}
        return httpx.Client(base_url=self.stack.api_url, headers=headers, timeout=30)

    def faults(self, plan: dict) -> None:
        self.plan.write_text(json.dumps(plan))


@pytest.fixture(scope="package", params=["sqlite", "postgres"])
def api_stack(request, tmp_path_factory) -> Iterator[ApiStack]:
    """The whole API suite runs on the embedded instance and on the production instance."""
    tmp = tmp_path_factory.mktemp(f"api-{request.param}")
    if request.param == "sqlite":
        s = ApiStack(tmp)
    else:
        pg_url = request.getfixturevalue("postgres_server")()
        endpoint = request.getfixturevalue("moto_endpoint")
        make_bucket(endpoint, "moretale-compute-logs")
        s = ApiStack(
            tmp,
            PRODUCTION,
            {
                **AWS_TEST_ENV,
                "MORETALE_DAGSTER_PG_URL": pg_url,
                "MORETALE_COMPUTE_LOG_BUCKET": "moretale-compute-logs",
                "MORETALE_COMPUTE_LOG_PREFIX": "logs/",
                "MORETALE_S3_ENDPOINT_URL": endpoint,
            },
        )
    s.stack.start()
    try:
        yield s
    finally:
        s.stack.stop()


@pytest.fixture
def api(api_stack) -> Iterator[httpx.Client]:
    api_stack.faults({})
    with api_stack.client() as c:
        yield c
    api_stack.faults({})


def wait_for(api: httpx.Client, story_id: str, statuses=FINAL, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        story = api.get(f"/api/stories/{story_id}").json()
        if story["status"] in statuses:
            return story
        time.sleep(0.2)
    raise AssertionError(f"{story_id} still {story['status']} after {timeout} s")


def book(**kw) -> dict:
    body = {
        "child_name": "Mina",
        "child_age": 5,
        "primary_lang": "ko",
        "secondary_lang": "en",
        "theme": "friendship",
        "page_count": 4,
    }
    return {**body, **kw}


# What the Dagster UI sends for "Execute checks" on one partition: the asset job with the check
# alone selected (no asset), so nothing is made again and the redo sensor (book_job) stays out.
LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
  }
}"""


def blank_page(storage: LocalStorage, story_id: str, page: int) -> None:
    """A blank picture the manifest vouches for (as a model might return one): the page asset
    keeps it; only the picture check can tell."""
    png = io.BytesIO()
    Image.new("RGB", (1024, 1024), (250, 250, 250)).save(png, "PNG")
    data = png.getvalue()
    b = Book(storage, story_id)
    b.put(layout.illustration_path(page), data, "image/png")
    manifest = b.illustration_manifest()
    for e in manifest.entries:
        if e.asset_type == "page" and e.page_number == page:
            e.sha256, e.bytes = hashlib.sha256(data).hexdigest(), len(data)
    b.put_model(layout.ILLUSTRATION_MANIFEST, manifest)


def launch_check(dagster_url: str, story_id: str, check: str) -> str:
    asset = contract.QUALITY_CHECKS[check]
    params = {
        "selector": {
            "repositoryLocationName": contract.LOCATION,
            "repositoryName": "__repository__",
            "jobName": "__ASSET_JOB",
            "assetSelection": [],
            "assetCheckSelection": [{"assetKey": {"path": [asset]}, "name": check}],
        },
        "executionMetadata": {"tags": [{"key": contract.TAG_PARTITION, "value": story_id}]},
        "runConfigData": {},
    }
    r = httpx.post(
        f"{dagster_url}/graphql", json={"query": LAUNCH, "variables": {"params": params}}
    )
    launched = r.json()["data"]["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]

"""Create a book the way the API will: record the request, add the partition, launch the job."""

from __future__ import annotations

import time

from dagster import DagsterRunStatus

from api.dagster_client import DagsterClient
from moretale_assets.lib import layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.schemas import StoryRequest
from moretale_assets.lib.storage import Storage
from moretale_assets.lib.story_ids import new_story_id

FINAL = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}


def record_request(storage: Storage, request: StoryRequest) -> str:
    story_id = new_story_id(request.child_name, request.theme)
    Book(storage, story_id).put_model(layout.REQUEST, request)
    return story_id


def create_book(client: DagsterClient, storage: Storage, request: StoryRequest) -> tuple[str, str]:
    """Returns (story_id, run_id)."""
    story_id = record_request(storage, request)
    client.add_partition(story_id)
    return story_id, client.launch(story_id)


def wait_run(
    client: DagsterClient, run_id: str, timeout: float = 120.0, poll_s: float = 0.1
) -> DagsterRunStatus:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.run_status(run_id)
        if status in FINAL:
            return status
        time.sleep(poll_s)
    raise TimeoutError(f"run {run_id} not finished after {timeout:.0f} s")

"""Signed webhooks from the real API: events, signatures, retries, stable ids, redelivery."""

import time

import pytest

from api.webhooks.targets import TargetRefused, check_target
from moretale_cli.app import main
from tests.api.conftest import book
from tests.content.test_cli import write_set

pytestmark = pytest.mark.stack  # the content_stack fixture starts Dagster and the API


def wait_until(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_set_events_signed_retried_and_redelivered(cli_env, receiver, tmp_path):
    cli_env.faults({"illustrator": {"page_03": -1}})
    receiver.refuse_first = {"story.completed": 2}  # 500 twice: the sender must retry
    # Jun's book has no pictures, so only Mina's page 3 fails.
    path = write_set(
        tmp_path / "s.jsonl",
        [book(), book(child_name="Jun", generation={"enable_illustration": False})],
    )
    code = main(["submit", str(path), "--set", "hooks", "--wait", "--callback-url", receiver.url])
    assert code == 1  # Mina's book has a failed page
    wait_until(lambda: receiver.events("set.completed"))
    assert receiver.bad_signatures == 0
    partial = receiver.events("story.partial")
    completed = receiver.events("story.completed")
    assert len(partial) == 1 and len(completed) == 1
    assert partial[0][1]["data"]["failed_pages"] == [{"page_number": 3, "failed": ["illustration"]}]
    assert completed[0][1]["data"]["set"] == "hooks"
    ((set_id, set_event),) = receiver.events("set.completed")
    assert (set_event["data"]["total"], set_event["data"]["partial"]) == (2, 1)
    assert set_event["data"]["pages_failed"] == 1

    with cli_env.client() as api:
        jun = completed[0][1]["data"]["id"]
        log = api.get(f"/api/stories/{jun}/webhooks").json()["items"]
        assert [d["event"] for d in log] == ["story.completed"]
        assert log[0]["status"] == "delivered" and log[0]["attempts"] == 3
        assert [a["status_code"] for a in log[0]["history"]] == [500, 500, 204]
        assert log[0]["id"] == completed[0][0]
        everything = api.get("/api/sets/hooks/webhooks").json()["items"]
        assert sorted(d["event"] for d in everything) == [
            "set.completed",
            "story.completed",
            "story.partial",
        ]
        # Redelivery: the same id again, so a receiver can drop it.
        r = api.post(f"/api/webhooks/deliveries/{set_id}/redeliver")
        assert r.status_code == 202, r.text
        wait_until(lambda: len(receiver.events("set.completed")) == 2)
        assert {i for i, _ in receiver.events("set.completed")} == {set_id}
        assert (
            api.post("/api/webhooks/deliveries/msg_" + "0" * 32 + "/redeliver").status_code == 404
        )

    # A repair completes the book: a new event (new run), not a repeat of the old one.
    cli_env.faults({})
    mina = partial[0][1]["data"]["id"]
    assert main(["repair", mina, "--wait"]) == 0
    fixed = wait_until(
        lambda: [e for e in receiver.events("story.completed") if e[1]["data"]["id"] == mina]
    )
    assert fixed[0][0] != partial[0][0]
    wait_until(lambda: len({i for i, _ in receiver.events("set.completed")}) == 2)
    assert receiver.bad_signatures == 0


def test_callback_targets_are_checked():
    for url in (
        "http://127.0.0.1:9/h",
        "http://10.1.2.3/h",
        "http://[::1]/h",
        "http://169.254.169.254/",
    ):
        with pytest.raises(TargetRefused):
            check_target(url, allow_private=False)
    for url in ("ftp://example.com/h", "http://user:pw@93.184.216.34/h"):
        with pytest.raises(TargetRefused):
            check_target(url, allow_private=True)
    assert check_target("https://93.184.216.34/h", allow_private=False)
    assert check_target("http://127.0.0.1:9/h", allow_private=True)


def test_callback_refused_at_submission_changes_nothing(cli_env, tmp_path, capsys):
    path = write_set(tmp_path / "s.jsonl", [book()])
    assert main(["submit", str(path), "--set", "nohook", "--callback-url", "gopher://x/"]) == 2
    assert "CALLBACK_URL_REFUSED" in capsys.readouterr().err
    with cli_env.client() as api:
        assert api.get("/api/sets/nohook").status_code == 404

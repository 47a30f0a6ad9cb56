"""The `moretale` command against the real stack: sets, progress, exit codes, repair, export."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from devstack.stack import ROOT, free_port
from moretale_cli.app import main
from tests.api.conftest import book

pytestmark = pytest.mark.stack  # the content_stack fixture starts Dagster and the API


def write_set(path, stories):
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories))
    return path


def test_bad_set_reports_every_line_and_creates_nothing(cli_env, tmp_path, capsys):
    path = tmp_path / "set.jsonl"
    path.write_text(
        json.dumps(book())
        + "\n\n"
        + json.dumps(book(page_count=99))
        + "\n"
        + "{not json\n"
        + json.dumps(book(secondary_lang="ko"))
        + "\n"
    )
    assert main(["submit", str(path), "--set", "bad-set"]) == 2
    err = capsys.readouterr().err
    assert "set.jsonl:3: page_count" in err
    assert "set.jsonl:4: not JSON" in err
    assert "set.jsonl:5:" in err and "different languages" in err
    assert "set.jsonl:1" not in err
    with cli_env.client() as api:
        assert api.get("/api/sets/bad-set").status_code == 404
        assert api.get("/api/stories/", params={"set": "bad-set"}).json()["items"] == []


def test_csv_set_completes_and_is_listed_by_set(cli_env, tmp_path, capsys):
    path = tmp_path / "set.csv"
    path.write_text(
        "child_name,primary_lang,secondary_lang,theme,page_count,generation.enable_cover\n"
        "Mina,ko,en,friendship,4,false\n"
        "서아,Korean,English,바다,4,\n"
    )
    assert main(["submit", str(path), "--set", "csv-set", "--wait"]) == 0
    out = capsys.readouterr().out
    assert "csv-set: 2 of 2 completed" in out
    with cli_env.client() as api:
        summary = api.get("/api/sets/csv-set").json()
        assert (summary["total"], summary["completed"], summary["finished"]) == (2, 2, True)
        assert summary["all_completed"] and summary["pages_failed"] == 0
        listed = api.get("/api/stories/", params={"set": "csv-set"}).json()["items"]
        assert {s["id"] for s in listed} == {s["id"] for s in summary["stories"]}
        first = api.get(f"/api/stories/{summary['stories'][0]['id']}").json()
        assert first["request"]["generation"]["enable_cover"] is False
        assert any(s["name"] == "csv-set" for s in api.get("/api/sets/").json()["items"])


def test_failed_pages_are_not_completed_until_repaired(cli_env, tmp_path, capsys):
    cli_env.faults({"illustrator": {"page_02": -1}})
    path = write_set(tmp_path / "set.jsonl", [book(), book(child_name="Jun")])
    assert main(["submit", str(path), "--set", "partial-set", "--wait"]) == 1
    out = capsys.readouterr().out
    assert "0 of 2 completed, 2 with failed pages (2 pages)" in out
    with cli_env.client() as api:
        summary = api.get("/api/sets/partial-set").json()
    assert (summary["partial"], summary["pages_failed"], summary["all_completed"]) == (2, 2, False)
    story_id = summary["stories"][0]["id"]
    assert main(["status", story_id]) == 1
    assert "failed: page 2: illustration" in capsys.readouterr().out

    cli_env.faults({})
    assert main(["repair", story_id, "--wait"]) == 0
    assert main(["status", story_id]) == 0
    with cli_env.client() as api:
        after = api.get("/api/sets/partial-set").json()
    assert (after["completed"], after["partial"], after["pages_failed"]) == (1, 1, 1)
    assert main(["wait", "--set", "partial-set"]) == 1  # the other book still has a hole


def test_export_zip_and_pdf(cli_env, tmp_path, capsys):
    path = write_set(tmp_path / "set.jsonl", [book()])
    assert main(["submit", str(path), "--set", "export-set", "--wait"]) == 0
    with cli_env.client() as api:
        story_id = api.get("/api/sets/export-set").json()["stories"][0]["id"]
    assert main(["export", story_id, "--format", "zip", "-o", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / f"{story_id}.zip") as zf:
        names = set(zf.namelist())
        assert f"{story_id}/story.json" in names
        assert f"{story_id}/illustrations/cover.png" in names
        assert f"{story_id}/audio/02_english/page_04_secondary.wav" in names
        assert zf.read(f"{story_id}/illustrations/page_01.png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["export", story_id, "--format", "pdf", "-o", str(tmp_path / "b.pdf")]) == 0
    pdf = (tmp_path / "b.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 5


def test_doctor_and_unreachable_api(cli_env, capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "ok   Dagster" in out and "story provider: offline" in out
    env = {**os.environ, "MORETALE_API_URL": f"http://127.0.0.1:{free_port()}"}
    proc = subprocess.run(
        [sys.executable, "-m", "moretale_cli", "status", "--set", "x"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3
    assert "cannot reach the MoreTale API" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_new_endpoints_need_a_valid_key(cli_env):
    for method, path in [
        ("POST", "/api/sets/s1/stories"),
        ("GET", "/api/sets/s1"),
        ("GET", "/api/sets/"),
        ("GET", "/api/system/"),
        ("POST", "/api/imports/"),
        ("POST", "/api/stories/20990101_000000_story_nobody_abcdef/repair"),
        ("GET", "/api/stories/20990101_000000_story_nobody_abcdef/webhooks"),
        ("POST", f"/api/webhooks/deliveries/msg_{'0' * 32}/redeliver"),
    ]:
        with cli_env.client(key=None) as bare:
            r = bare.request(method, path, json={})
            assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED", path
        with cli_env.client(key="wrong") as wrong:
            assert wrong.request(method, path, json={}).status_code == 403, path

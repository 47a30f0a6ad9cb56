"""Import of folders written by the original MoreTale CLI, then a repair run completing them."""

import hashlib
import io
import time
import zipfile

import pytest

from moretale_assets.defs.quality.redo import REDO_INTERVAL_S, TAG_REDO_OF
from moretale_cli.app import main
from tests.content.moretale_ai import make_book

pytestmark = pytest.mark.stack  # the content_stack fixture starts Dagster and the API


def test_both_eras_import_and_repair(cli_env, tmp_path, capsys):
    old = make_book(
        tmp_path, era=24, failed_audio=((3, "secondary"),), failed_pictures=(5,)
    )  # Korean title: the folder is "..._story_"
    new = make_book(
        tmp_path,
        era=32,
        stamp="20260428_090000",
        title_primary="작은 별",
        title_secondary="A Little Star",
        failed_cover=True,
        absolute_paths=True,
        image_format="JPEG",
    )
    assert old.name == "20260213_101500_story_"
    assert main(["import", str(old), str(new), "--set", "legacy"]) == 1  # failures to repair
    out = capsys.readouterr().out
    assert "24-page era, 24 pages, 2 failed item(s)" in out
    assert "32-page era, 32 pages, 1 failed item(s)" in out
    with cli_env.client() as api:
        books = {
            s["page_count"]: s
            for s in api.get("/api/stories/", params={"set": "legacy"}).json()["items"]
        }
        assert set(books) == {24, 32}
        a, b = books[24]["id"], books[32]["id"]
        assert a.startswith("20260213_101500_story_a-little") is False
        # The Korean title, which the original CLI slugged to nothing, is romanized (RR).
        assert a.startswith("20260213_101500_story_badaeseo-mannan-chingu_")
        assert b.startswith("20260428_090000_story_jageun-byeol_")
        detail = api.get(f"/api/stories/{a}").json()
        assert detail["status"] == "completed"
        assert detail["result"]["has_partial_failures"] is True
        assert detail["result"]["failed_pages"] == [
            {"page_number": 3, "failed": ["audio_secondary"]},
            {"page_number": 5, "failed": ["illustration"]},
        ]
        assert detail["request"]["generation"]["enable_cover"] is False
        result = api.get(f"/api/stories/{b}/result").json()
        assert result["meta"]["title_primary"] == "작은 별"
        assert result["pages"][0]["vocabulary"][0]["secondary_word"] == "crab"
        assert result["assets"]["cover"]["status"] == "failed"
        page1 = api.get(result["pages"][0]["illustration_url"])
        assert page1.content[:8] == b"\x89PNG\r\n\x1a\n"  # the JPEG became a PNG
        kept = hashlib.sha256(api.get(result["pages"][1]["audio_primary_url"]).content).digest()
        set_summary = api.get("/api/sets/legacy").json()
        assert (set_summary["partial"], set_summary["pages_failed"]) == (2, 2)

    assert main(["repair", a, "--wait"]) == 0
    assert main(["repair", b, "--wait"]) == 0
    with cli_env.client() as api:
        for sid in (a, b):
            detail = api.get(f"/api/stories/{sid}").json()
            assert detail["status"] == "completed" and detail["result"]["failed_pages"] == []
        result = api.get(f"/api/stories/{b}/result").json()
        assert result["assets"]["cover"]["status"] == "generated"
        # Only the failed items were made: an imported narration is the same file.
        again = hashlib.sha256(api.get(result["pages"][1]["audio_primary_url"]).content).digest()
        assert again == kept
        assert (result["assets"]["tts"]["skipped"], result["assets"]["tts"]["failed"]) == (64, 0)
        tts = api.get(f"/api/stories/{a}/result").json()["assets"]["tts"]
        assert (tts["generated"], tts["skipped"]) == (1, 47)  # the one that had failed
    # The imported clips (tones, far too short for their text) fail the narration check, but
    # the checks never replace imported pages by themselves: no redo run follows the repairs.
    time.sleep(REDO_INTERVAL_S * 2)
    client = cli_env.stack.client()
    for sid in (a, b):
        runs = client.runs_for_partition(sid)
        assert not [r for r in runs if TAG_REDO_OF in {t["key"] for t in r["tags"]}], runs


def test_not_a_book_names_the_file_and_changes_nothing(cli_env, tmp_path, capsys):
    good = make_book(tmp_path / "g", era=24)
    empty = tmp_path / "notes"
    empty.mkdir()
    (empty / "readme.txt").write_text("hello")
    broken = make_book(tmp_path / "b", era=32, stamp="20260428_090001")
    (broken / "audio" / "manifest.json").write_text("{not json")
    assert main(["import", str(good), str(empty), str(broken), "--set", "nothing"]) == 2
    err = capsys.readouterr().err
    assert "story_<model>.json: missing" in err
    assert "audio/manifest.json: is not JSON" in err
    with cli_env.client() as api:
        assert api.get("/api/stories/", params={"set": "nothing"}).json()["items"] == []
        # The API checks the same, all before any import.
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for path in broken.rglob("*"):
                if path.is_file():
                    zf.write(path, f"{broken.name}/{path.relative_to(broken)}")
        r = api.post(
            "/api/imports/",
            params={"set": "nothing"},
            files=[
                ("file", ("good.zip", _zip(good), "application/zip")),
                ("file", ("broken.zip", buf.getvalue(), "application/zip")),
            ],
        )
        assert r.status_code == 422, r.text
        assert r.json()["error"]["detail"]["file"] == "audio/manifest.json"
        assert api.get("/api/stories/", params={"set": "nothing"}).json()["items"] == []


def _zip(folder) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in folder.rglob("*"):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder)}")
    return buf.getvalue()

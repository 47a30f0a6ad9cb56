import os

import pytest

from moretale_assets.lib.layout import Book, audio_path, illustration_path
from moretale_assets.lib.storage import LocalStorage, NotFound
from moretale_assets.lib.story_ids import is_story_id, new_story_id, validate_story_id


def test_put_get_list_delete(tmp_path):
    st = LocalStorage(tmp_path)
    st.put("s1/a/b.bin", b"hello", "application/octet-stream")
    st.put("s1/c.json", b"{}", "application/json")
    assert st.get("s1/a/b.bin") == b"hello"
    assert st.exists("s1/c.json") and not st.exists("s1/missing")
    assert st.list("s1") == ["s1/a/b.bin", "s1/c.json"]
    assert st.uri("s1/c.json").startswith("file://")
    assert st.delete_prefix("s1") == 2
    with pytest.raises(NotFound):
        st.get("s1/c.json")


@pytest.mark.parametrize("key", ["../x", "/abs", "a//b", "a/./b", "a/b c", ""])
def test_rejects_unsafe_keys(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).put(key, b"x", "text/plain")


def test_write_is_atomic_when_the_writer_crashes(tmp_path, monkeypatch):
    st = LocalStorage(tmp_path)
    st.put("s/page.wav", b"old", "audio/wav")

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        st.put("s/page.wav", b"new-but-half", "audio/wav")
    assert st.get("s/page.wav") == b"old"
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["page.wav"]  # no temp left


def test_story_ids_are_slug_safe_and_unique():
    ids = {new_story_id("민준 Kim", "바다, 모험|x") for _ in range(200)}
    assert len(ids) == 200
    for i in ids:
        assert is_story_id(i), i
        assert "," not in i and "|" not in i
    assert "_story_kim-x_" in next(iter(ids)) or "_story_" in next(iter(ids))
    for bad in ["../etc", "A", "a,b", "a|b", "x" * 101, "Upper_case"]:
        assert not is_story_id(bad)
        with pytest.raises(ValueError):
            validate_story_id(bad)


def test_layout_matches_moretale(tmp_path):
    assert audio_path(3, "primary", "Korean") == "audio/01_korean/page_03_primary.wav"
    assert audio_path(12, "secondary", "English") == "audio/02_english/page_12_secondary.wav"
    assert illustration_path(7) == "illustrations/page_07.png"
    with pytest.raises(ValueError):
        Book(LocalStorage(tmp_path), "../escape")


def test_one_storage_settings_source_for_pipeline_and_api(tmp_path, monkeypatch):
    from api.settings import ApiSettings
    from moretale_assets.lib.storage.settings import StorageSettings, open_storage
    from moretale_assets.settings import PipelineSettings

    monkeypatch.setenv("MORETALE_STORAGE_ROOT", str(tmp_path))
    pipeline, api = PipelineSettings(), ApiSettings()
    assert isinstance(pipeline, StorageSettings) and isinstance(api, StorageSettings)
    assert pipeline.storage_root == api.storage_root == str(tmp_path)
    storage = open_storage(api)
    storage.put("s/a.txt", b"x", "text/plain")
    assert open_storage(pipeline).get("s/a.txt") == b"x"
    monkeypatch.setenv("MORETALE_STORAGE_BACKEND", "s3")
    with pytest.raises(ValueError, match="MORETALE_S3_BUCKET"):
        open_storage(StorageSettings())

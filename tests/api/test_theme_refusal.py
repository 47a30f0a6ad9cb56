"""A theme the offline writer cannot honour is refused up front, in-process (no stack needed)."""

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import ApiSettings


def test_unknown_theme_is_422_with_the_supported_list_and_a_known_one_is_not(tmp_path):
    settings = ApiSettings(
        catalog_path=str(tmp_path / "catalog.duckdb"),
        storage_root=str(tmp_path / "out"),
        dagster_port=9,  # nothing listens: refusing must not need Dagster
        api_keys="k",
    )
    body = {"child_name": "Mina", "primary_lang": "Korean", "secondary_lang": "English",
            "page_count": 8}  # fmt: skip
    key = {"X-API-Key": "k"}
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/stories/", json={**body, "theme": "공룡"}, headers=key)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["code"] == "UNSUPPORTED_THEME"
        assert "friendship (우정)" in error["message"] and "beach (바다)" in error["message"]
        ok = client.post(
            "/api/stories/", json={**body, "theme": "바다"}, headers={"X-API-Key": "k"}
        )
        assert ok.status_code != 422, ok.text  # past the check (Dagster is down: 503)

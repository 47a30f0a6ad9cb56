"""/api/system in process: the day blocks `moretale doctor` reports come from the quota store
the run workers write (lib/quota.py), not from a table of the API's own."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from moretale_assets.lib.quota import Pacer
from tests.api.test_hardening import H, settings

pytestmark = pytest.mark.unit


def test_a_model_blocked_for_the_day_is_listed_with_its_reset_time(tmp_path, monkeypatch):
    pacing = tmp_path / "pacing.sqlite"
    monkeypatch.setenv("MORETALE_PACING_PATH", str(pacing))
    monkeypatch.delenv("MORETALE_PACING_URL", raising=False)
    with TestClient(create_app(settings(tmp_path))) as client:
        assert client.get("/api/system/", headers=H).json()["blocked_models"] == {}
        reset_at = time.time() + 3600
        Pacer(pacing).block("gemini-test-model", reset_at, "per-day quota")
        info = client.get("/api/system/", headers=H).json()
        assert info["blocked_models"] == {"gemini-test-model": pytest.approx(reset_at)}
        Pacer(pacing).lift("gemini-test-model")
        assert client.get("/api/system/", headers=H).json()["blocked_models"] == {}

"""The documented instance and launcher configurations are valid for the pinned Dagster."""

import re
from pathlib import Path

import yaml
from dagster._config import process_config
from dagster._core.instance.config import dagster_instance_config
from dagster_aws.ecs import EcsRunLauncher

ROOT = Path(__file__).resolve().parents[2]


def test_instance_files_validate(monkeypatch):
    monkeypatch.setenv("MORETALE_DAGSTER_PG_URL", "postgresql+psycopg2://u@127.0.0.1:5432/d")
    monkeypatch.setenv("MORETALE_COMPUTE_LOG_BUCKET", "logs")
    monkeypatch.setenv("MORETALE_COMPUTE_LOG_PREFIX", "p/")
    monkeypatch.setenv("MORETALE_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    for folder in ("deploy", "dagster_home"):
        config, _ = dagster_instance_config(str(ROOT / folder))
        assert config["run_coordinator"]["config"]["dequeue_interval_seconds"] == 1
        assert config["telemetry"]["enabled"] is False


def test_documented_ecs_launcher_config_validates():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"```yaml\n(run_launcher:\n.*?)```", doc, re.S)
    assert block, "docs/deploy.md lost its ECS example"
    launcher = yaml.safe_load(block.group(1))["run_launcher"]
    assert launcher["class"] == "EcsRunLauncher"
    result = process_config(EcsRunLauncher.config_type(), launcher["config"])
    assert result.success, result.errors

"""Each setting is stated once: in one settings class, with its default and its MORETALE_ name.

The Dagster resources state no default of their own (build_resources fills every field from
PipelineSettings), and every MORETALE_ variable named anywhere in the repository is a field of
a settings class, or one of the few variables that belong to no process's settings."""

import inspect
import re
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from api.settings import ApiSettings
from api.webhooks.settings import WebhookSettings
from moretale_assets.defs import resources
from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS
from moretale_assets.lib.providers.settings import ProviderSettings
from moretale_assets.lib.settings_base import MoretaleSettings
from moretale_assets.lib.storage.settings import StorageSettings
from moretale_assets.settings import PipelineSettings
from moretale_cli.connect import CliSettings

ROOT = Path(__file__).resolve().parents[2]
PROCESS_SETTINGS = (PipelineSettings, ApiSettings, WebhookSettings, CliSettings)
# Named in the repository but read by no settings class, each for its reason.
NOT_SETTINGS = {
    # Read by Dagster itself from deploy/dagster.yaml (`env:`), not by our processes.
    "MORETALE_DAGSTER_PG_URL",
    "MORETALE_COMPUTE_LOG_BUCKET",
    "MORETALE_COMPUTE_LOG_PREFIX",
    # The Gemini emulator's one variable: a whole EmulatorConfig as JSON (emulators/gemini).
    "MORETALE_EMULATOR_CONFIG",
    # A crash-point hook for the durability drills (api/service.py), never a setting.
    "MORETALE_DRILL_CRASH",
}
NAME = re.compile(r"\bMORETALE_[A-Z0-9_]*")


def env_names() -> set[str]:
    return {cls.env_name(f) for cls in PROCESS_SETTINGS for f in cls.model_fields}


def resource_classes() -> list[type[dg.ConfigurableResource]]:
    return [
        c
        for c in vars(resources).values()
        if isinstance(c, type)
        and issubclass(c, dg.ConfigurableResource)
        and c.__module__ == resources.__name__
    ]


def test_every_moretale_variable_in_the_repository_is_a_setting():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    known = env_names()
    unknown = set()
    for rel in files:
        path = ROOT / rel
        if path.suffix not in (".py", ".md", ".yaml", ".yml", ".toml", ".sh", "") or (
            not path.is_file()
        ):
            continue
        for name in NAME.findall(path.read_text(errors="replace")):
            # "MORETALE_S3_*" and "MORETALE_" name a family of settings.
            ok = (
                any(k.startswith(name) for k in known)
                if name.endswith("_")
                else name in known or name in NOT_SETTINGS
            )
            if not ok:
                unknown.add(f"{rel}: {name}")
    assert sorted(unknown) == []


def test_the_checker_sees_a_stray_name():
    assert "MORETALE_STORAGE_ROOT" in env_names()
    assert "MORETALE_" + "STORAGE_RUT" not in env_names()  # split: this file is scanned too


def test_resources_state_no_defaults_of_their_own():
    assert resource_classes(), "no resources found"
    defaults = [
        f"{cls.__name__}.{name}"
        for cls in resource_classes()
        for name, field in cls.model_fields.items()
        if not field.is_required()
    ]
    assert defaults == []


def leaves(resource: dg.ConfigurableResource, path: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for name in type(resource).model_fields:
        value = getattr(resource, name)
        if isinstance(value, dg.ConfigurableResource):
            out.update(leaves(value, f"{path}{name}."))
        else:
            out[f"{path}{name}"] = value
    return out


def test_resources_take_every_value_from_the_settings(monkeypatch):
    # Every variable set (to its default, so the settings stay valid): each text or integer
    # field becomes an EnvVar naming a PipelineSettings variable, the UI shows only names.
    for field, info in PipelineSettings.model_fields.items():
        default = info.default.get_secret_value() if field == "gemini_api_key" else info.default
        monkeypatch.setenv(PipelineSettings.env_name(field), str(default))
    built = resources.build_resources()
    names = {PipelineSettings.env_name(f) for f in PipelineSettings.model_fields}
    for key, resource in built.items():
        for path, value in leaves(resource).items():
            if isinstance(value, float | bool):  # Dagster's EnvVar has no float or bool form
                continue
            # dg.EnvVar, or the IntEnvVar of EnvVar.int (an int subclass holding the name).
            assert getattr(value, "env_var_name", None) in names, (key, path)


def test_without_variables_resources_hold_the_settings_values():
    s = PipelineSettings(storage_root="/books", page_workers=7, tts_model="m-tts", fault_plan="{}")
    built = resources.build_resources(s)
    assert built["storage"].root == "/books" and built["page_work"].workers == 7
    assert built["speech"].gemini.tts_model == "m-tts" and built["speech"].fault_plan == "{}"
    default = resources.build_resources(PipelineSettings())
    assert default["speech"].gemini.config().models() == DEFAULT_MODELS
    assert default["page_work"].attempts == PipelineSettings().page_attempts


def test_processes_share_the_storage_and_provider_settings():
    for cls in (PipelineSettings, ApiSettings):
        assert issubclass(cls, StorageSettings) and issubclass(cls, ProviderSettings)
    # ... and restate none of their fields (a restated field would shadow the base's default).
    shared = set(StorageSettings.model_fields) | set(ProviderSettings.model_fields)
    for cls in (PipelineSettings, ApiSettings):
        own = set(inspect.get_annotations(cls))
        assert own & shared == set(), cls.__name__
    for cls in (*PROCESS_SETTINGS, StorageSettings, ProviderSettings):
        assert issubclass(cls, MoretaleSettings)


def test_env_name_refuses_an_unknown_field():
    with pytest.raises(KeyError, match="no setting"):
        PipelineSettings.env_name("storage_rut")
    assert WebhookSettings.env_name("secret") == "MORETALE_WEBHOOK_SECRET"

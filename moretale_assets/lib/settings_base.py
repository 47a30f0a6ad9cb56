"""The base of every process's settings class: the MORETALE_ prefix, stated once, and the name
of the environment variable behind a field (for Dagster EnvVars, error messages and the test
that every MORETALE_ name in the code is a real setting)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "MORETALE_"


class MoretaleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    @classmethod
    def env_name(cls, field: str) -> str:
        """The variable a field is read from (`storage_root` -> MORETALE_STORAGE_ROOT)."""
        if field not in cls.model_fields:
            raise KeyError(f"{cls.__name__} has no setting {field!r}")
        return f"{cls.model_config.get('env_prefix', '')}{field}".upper()

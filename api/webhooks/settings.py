"""Webhook settings (env vars MORETALE_WEBHOOK_*)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from moretale_assets.lib.settings_base import ENV_PREFIX, MoretaleSettings


class WebhookSettings(MoretaleSettings):
    model_config = SettingsConfigDict(env_prefix=f"{ENV_PREFIX}WEBHOOK_", extra="ignore")

    secret: SecretStr = Field(
        SecretStr(""),
        description="Standard Webhooks signing secret (`whsec_` + base64). Empty: callbacks "
        "are refused at submission.",
    )
    allow_private: bool = Field(
        False, description="Allow targets on loopback, private or link-local addresses."
    )
    retry_base_s: float = Field(5.0, gt=0, description="First retry delay; doubles each try.")
    retry_max_s: float = Field(3600.0, gt=0, description="Longest wait between two tries.")
    give_up_after_s: float = Field(24 * 3600.0, gt=0, description="Retry for this long.")
    timeout_s: float = Field(10.0, gt=0, description="Per delivery attempt.")
    interval_s: float = Field(0.2, gt=0, description="How often the sender looks for work.")
    workers: int = Field(4, ge=1, le=32, description="Deliveries sent at once.")

    @property
    def enabled(self) -> bool:
        return bool(self.secret.get_secret_value())

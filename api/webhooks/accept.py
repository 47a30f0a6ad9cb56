"""Callback URLs given at submission: checked there, so a bad target is refused before any
book is made."""

from __future__ import annotations

from api.errors import ApiError
from api.webhooks.settings import WebhookSettings
from api.webhooks.targets import TargetRefused, check_target


def accepted_callback(settings: WebhookSettings, url: str | None) -> str | None:
    """A callback URL the sender will use, or a 422 that says why not (at submission, so a bad
    target is found before any book is made)."""
    if url is None:
        return None
    if not settings.enabled:
        raise ApiError(
            422, "WEBHOOKS_DISABLED", "this API has no webhook secret (MORETALE_WEBHOOK_SECRET)"
        )
    if len(url) > 2000:
        raise ApiError(422, "VALIDATION_ERROR", "callback_url is longer than 2000 characters")
    try:
        return check_target(url, allow_private=settings.allow_private)
    except TargetRefused as exc:
        raise ApiError(422, "CALLBACK_URL_REFUSED", str(exc), {"callback_url": url}) from exc

"""Find the running stack's API and talk to it; every failure becomes a one-line message.

Where the API is: `--api-url`, else `MORETALE_API_URL`, else the record a running devstack
writes (`<DAGSTER_HOME>/stack.json`: `MORETALE_STACK_FILE`, `./dagster_home/` in this folder
or a parent, or the checkout this command was installed from), else http://127.0.0.1:8000.
The key: `MORETALE_API_KEY`, else the dev key."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import Field

from moretale_assets.lib.settings_base import MoretaleSettings

DEFAULT_URL = "http://127.0.0.1:8000"
DEV_KEY = "dev-key"
STACK_FILE = "stack.json"  # what devstack.stack.Stack writes (not imported: it pulls Dagster in)
CHECKOUT = Path(__file__).resolve().parent.parent


class Exit:
    """Exit codes: the shell (and CI) learns from them whether everything completed."""

    OK = 0  # everything completed, with every page
    INCOMPLETE = 1  # a book failed, was canceled, or completed with failed pages
    BAD_INPUT = 2  # the set file, a path or an argument is wrong; nothing was changed
    UNREACHABLE = 3  # the API could not be reached or refused the request
    TIMEOUT = 4  # still running when --timeout ran out


class CliSettings(MoretaleSettings):
    """The command's own settings; read on every call, so a changed environment counts."""

    api_url: str = Field("", description="The API's base URL; empty: look for a running stack.")
    api_key: str = Field("", description="One of the API's keys; empty: the dev key.")
    stack_file: str = Field("", description="The record a running devstack writes.")


class CliError(Exception):
    def __init__(self, message: str, code: int = Exit.UNREACHABLE, detail: Any = None) -> None:
        super().__init__(message)
        self.message, self.code, self.detail = message, code, detail


def _alive(pid: Any) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError):
        return False
    return True


def stack_records() -> list[Path]:
    record = CliSettings().stack_file
    if record:
        return [Path(record)]
    here = Path.cwd().resolve()
    found = [d / "dagster_home" / STACK_FILE for d in (here, *here.parents)]
    return [*found, CHECKOUT / "dagster_home" / STACK_FILE]


def locate(api_url: str | None = None) -> tuple[str, str]:
    """(base URL, where it came from)."""
    if api_url:
        return api_url.rstrip("/"), "--api-url"
    settings = CliSettings()
    if settings.api_url:
        return settings.api_url.rstrip("/"), settings.env_name("api_url")
    for path in stack_records():
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("api_url") and _alive(record.get("pid")):
            return str(record["api_url"]).rstrip("/"), str(path)
    return DEFAULT_URL, "default"


@dataclass
class Api:
    base_url: str
    source: str
    key: str
    timeout: float = 30.0

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url, headers={"X-API-Key": self.key}, timeout=self.timeout
        )

    @classmethod
    def connect(cls, api_url: str | None = None) -> Api:
        url, source = locate(api_url)
        return cls(url, source, CliSettings().api_key or DEV_KEY)

    def request(self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kw: Any) -> Any:
        try:
            response = self.http.request(method, path, **kw)
        except httpx.TimeoutException:
            # Sent, but no answer in time: a POST may still have been carried out.
            raise CliError(
                f"the MoreTale API at {self.base_url} did not answer {method} {path} in time; "
                + (
                    "it may still have been carried out: check with `moretale status`"
                    if method != "GET"
                    else "it is up but busy, try again"
                )
            ) from None
        except httpx.TransportError as exc:
            raise CliError(
                f"cannot reach the MoreTale API at {self.base_url} (from {self.source}): "
                f"{type(exc).__name__}{': ' + str(exc) if str(exc) else ''}. Is the stack "
                "running (./scripts/up)? Set MORETALE_API_URL to point elsewhere."
            ) from None
        if response.status_code in ok:
            return response
        raise api_error(response)

    def json(self, method: str, path: str, **kw: Any) -> Any:
        return self.request(method, path, **kw).json()

    def close(self) -> None:
        self.http.close()


def api_error(response: httpx.Response) -> CliError:
    try:
        err = response.json()["error"]
        code, message, detail = err["code"], err["message"], err.get("detail")
    except (ValueError, KeyError, TypeError):
        code, message, detail = f"HTTP_{response.status_code}", response.text[:300], None
    exit_code = (
        Exit.BAD_INPUT if response.status_code in (400, 404, 409, 413, 422) else (Exit.UNREACHABLE)
    )
    if response.status_code in (401, 403):
        message += " (set MORETALE_API_KEY to one of the API's keys)"
    return CliError(f"{code}: {message}", exit_code, detail)

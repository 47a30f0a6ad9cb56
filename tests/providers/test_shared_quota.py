"""Quota state shared by hosts: two processes with no common file, one PostgreSQL, one quota."""

import multiprocessing
import time

import httpx
import pytest

from emulators.gemini import EmulatorConfig
from emulators.gemini.server import running_emulator
from moretale_assets.lib.providers.gemini.client import GeminiCaller, GeminiConfig
from moretale_assets.lib.providers.gemini.errors import DailyQuotaExhausted
from moretale_assets.lib.providers.gemini.speech import GeminiSpeech
from moretale_assets.lib.quota import Pacer

TTS = "gemini-3.8-flash-tts"
RPM, WINDOW_S, PER_HOST = 4, 3.0, 6


def host(base_url: str, pacing_url: str, home: str, n: int, out) -> None:
    """One 'host': its own pacing file (unused when a URL is set), its own client."""
    caller = GeminiCaller(
        GeminiConfig(
            api_key="k",
            base_url=base_url,
            pacing_path=f"{home}/pacing.sqlite",
            pacing_url=pacing_url,
            pacing_window_s=WINDOW_S,
            rpm={TTS: RPM},
            max_attempts=1,  # a 429 must show, not be retried away
        )
    )
    speech, errors = GeminiSpeech(caller), 0
    for i in range(n):
        try:
            speech.synthesize(f"Page {i}.", language="English", voice="A")
        except Exception:
            errors += 1
    out.put(errors)


def run_two_hosts(tmp_path, pacing_url: str) -> dict:
    cfg = EmulatorConfig(rpm_window_s=WINDOW_S, models={TTS: {"rpm": RPM}})
    # fork: the children inherit the imports (spawn would re-import google-genai), no file.
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    with running_emulator(cfg) as (base_url, _):
        procs = [
            ctx.Process(
                target=host, args=(base_url, pacing_url, str(tmp_path / f"h{i}"), PER_HOST, out)
            )
            for i in range(2)
        ]
        for p in procs:
            p.start()
        errors = sum(out.get(timeout=120) for _ in procs)
        for p in procs:
            p.join(10)
        stats = httpx.get(f"{base_url}/_emulator/stats").json()
    return {"errors": errors, "429": stats["total_429"], "ok": stats["by_status"].get("200", 0)}


def test_two_hosts_share_one_quota_through_postgres(tmp_path, postgres_server):
    url = postgres_server()
    started = time.monotonic()
    got = run_two_hosts(tmp_path, url)
    assert got == {"errors": 0, "429": 0, "ok": 2 * PER_HOST}
    # 12 requests at 4 per 3 s window: at least two windows were waited, together.
    assert time.monotonic() - started >= 2 * WINDOW_S


def test_control_two_hosts_pacing_alone_overrun_the_quota(tmp_path):
    """Without shared state each host paces alone and together they send twice the quota:
    the failure the shared backend exists to prevent (and proof the test above can fail)."""
    got = run_two_hosts(tmp_path, "")
    assert got["429"] > 0 and got["errors"] == got["429"]


def test_day_blocks_are_shared_through_postgres(tmp_path, postgres_server):
    url = postgres_server()
    cfg = EmulatorConfig(models={TTS: {"rpd": 0}})
    with running_emulator(cfg) as (base_url, _):
        callers = [
            GeminiCaller(
                GeminiConfig(
                    api_key="k",
                    base_url=base_url,
                    pacing_path=str(tmp_path / f"h{i}" / "p.sqlite"),
                    pacing_url=url,
                )
            )
            for i in range(2)
        ]
        with pytest.raises(DailyQuotaExhausted):
            GeminiSpeech(callers[0]).synthesize("Hi.", language="English", voice="A")
        with pytest.raises(DailyQuotaExhausted) as err:  # the other host: no request
            GeminiSpeech(callers[1]).synthesize("Hi.", language="English", voice="A")
        assert "resets at" in str(err.value)
        assert httpx.get(f"{base_url}/_emulator/stats").json()["total_requests"] == 1
        assert [b.model for b in Pacer(url=url).blocks()] == [TTS]
        assert Pacer(url=url).lift(TTS) and Pacer(url=url).blocks() == []

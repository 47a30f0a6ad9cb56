"""Day-quota blocks through the API and the command: listed, in /readyz, lifted."""

import os
import subprocess
import sys
import time

from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS
from moretale_assets.lib.quota import Pacer, next_daily_reset

TTS = DEFAULT_MODELS["tts"]


def ready_blocks(api, want: int) -> list[str]:
    """/readyz is rendered at most once per refresh interval: wait for a fresh answer."""
    deadline = time.monotonic() + 15
    while True:
        blocks = api.get("/readyz").json()["quota_blocks"]
        if len(blocks) == want or time.monotonic() > deadline:
            return blocks
        time.sleep(0.3)


def test_quota_block_listed_in_readyz_and_lifted_by_the_api(api, api_stack):
    pacer = Pacer(api_stack.pacing, {})
    pacer.block(TTS, next_daily_reset(), "429 per day")
    try:
        state = api.get("/api/quota").json()
        (block,) = state["blocks"]
        assert block["model"] == TTS and "Pacific" in block["message"]
        ready = api.get("/readyz").json()
        assert ready["models"] == DEFAULT_MODELS
        assert ready_blocks(api, 1) == [block["message"]]
        assert api.delete(f"/api/quota/blocks/{TTS}").json() == {"model": TTS, "lifted": True}
        assert pacer.blocks() == [] and ready_blocks(api, 0) == []
        assert api.delete(f"/api/quota/blocks/{TTS}").json()["lifted"] is False
        with api_stack.client(key=None) as anonymous:
            assert anonymous.delete(f"/api/quota/blocks/{TTS}").status_code == 401
    finally:
        pacer.lift(TTS)


def test_quota_command_lists_and_lifts(tmp_path):
    env = {**os.environ, "MORETALE_PACING_PATH": str(tmp_path / "p.sqlite")}
    Pacer(tmp_path / "p.sqlite", {}).block(TTS, time.time() + 3600)
    cmd = [sys.executable, "-m", "devstack", "quota"]
    listed = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert TTS in listed and "resets at" in listed
    lifted = subprocess.run([*cmd, "lift", TTS], env=env, capture_output=True, text=True)
    assert lifted.returncode == 0 and "block lifted" in lifted.stdout
    assert Pacer(tmp_path / "p.sqlite", {}).blocks() == []

"""A story set through the `moretale` command against the offline default, with a local webhook
receiver that verifies every signature; then an import of MoreTale-AI folders.

    .venv/bin/python bench/story_set.py [--stories 100] [--pages 24] [--imports 20]

Prints `name: value` lines: submit_s (command start -> every book queued), set_done_s (command
start -> it exits with the set final), command_cpu_s (the command's user+system CPU),
webhooks_delivered (distinct webhook ids received: one per book + 1 set.completed),
bad_signatures, duplicate_deliveries (received again under an id already seen), webhook_lag_s
(set final -> set.completed received), import_s (the import command for --imports folders).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.stack import ROOT, Stack, free_port
from devstack.webhook_receiver import Receiver
from tests.content.moretale_ai import make_book

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = "bench-key"
COMMAND = [sys.executable, "-m", "moretale_cli"]


def run_command(args: list[str], env: dict[str, str], marker: str | None = None):
    """(wall seconds, seconds until `marker` appeared on stdout, CPU seconds, exit code)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        COMMAND + args,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[float] = []
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if marker and marker in line and not seen:
                seen.append(time.monotonic() - started)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(5)
    if proc.returncode not in (0,):
        sys.stderr.write("".join(lines[-20:]))
    return wall, (seen[0] if seen else None), usage.ru_utime + usage.ru_stime, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--imports", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="moretale-set-") as tmp_s:
        tmp = Path(tmp_s)
        stack = Stack(
            home=tmp / "dagster_home",
            outputs=tmp / "outputs",
            port=free_port(),
            api_port=free_port(),
            api_key=KEY,
            env_extra={
                "MORETALE_WEBHOOK_SECRET": SECRET,
                "MORETALE_WEBHOOK_ALLOW_PRIVATE": "true",
                "MORETALE_RATE_LIMIT_POSTS": "1000/minute",
                "MORETALE_MAX_BATCH": str(max(100, args.stories)),
            },
        )
        receiver = Receiver(SECRET)
        try:
            stack.start()
            env = {
                **os.environ,
                "MORETALE_STACK_FILE": str(stack.record_path),
                "MORETALE_API_KEY": KEY,
            }
            env.pop("MORETALE_API_URL", None)
            names = ["Mina", "서아", "Jun", "하준", "Lea", "지우", "Noah", "민서"]
            themes = ["friendship", "바다", "space", "숲", "courage", "눈"]
            set_file = tmp / "set.jsonl"
            set_file.write_text(
                "".join(
                    json.dumps(
                        {
                            "child_name": names[i % len(names)],
                            "child_age": 3 + i % 8,
                            "primary_lang": "ko",
                            "secondary_lang": "en",
                            "theme": themes[i % len(themes)],
                            "page_count": args.pages,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                    for i in range(args.stories)
                )
            )
            wall, submit_s, cpu, code = run_command(
                [
                    "submit",
                    str(set_file),
                    "--set",
                    "bench",
                    "--wait",
                    "--callback-url",
                    receiver.url,
                ],
                env,
                marker="book(s) queued",
            )
            done_at = time.monotonic()
            want = args.stories + 1
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and (
                len({i for i, _ in receiver.events()}) < want
                or not receiver.events("set.completed")
            ):
                time.sleep(0.2)
            got_set = receiver.events("set.completed")
            lag = (
                (receiver.arrived[receiver.verified.index(got_set[0])] - done_at)
                if got_set
                else None
            )
            ids = [i for i, _ in receiver.events()]
            print(f"stories: {args.stories}")
            print(f"pages: {args.pages}")
            print(f"command_exit: {code}")
            print(f"submit_s: {submit_s:.2f}" if submit_s is not None else "submit_s: nan")
            print(f"set_done_s: {wall:.2f}")
            print(f"command_cpu_s: {cpu:.2f}")
            print(f"webhooks_delivered: {len(set(ids))} (of {want})")
            print(f"bad_signatures: {receiver.bad_signatures}")
            print(f"duplicate_deliveries: {len(ids) - len(set(ids))}")
            print(
                f"webhook_lag_s: {max(0.0, lag):.2f}" if lag is not None else "webhook_lag_s: nan"
            )

            folders = [
                make_book(
                    tmp / "legacy" / str(i),
                    era=24 if i % 2 else 32,
                    stamp=f"20260213_10{i:04d}",
                    failed_pictures=(2,) if i % 5 == 0 else (),
                )
                for i in range(args.imports)
            ]
            wall, _, cpu, code = run_command(
                ["import", *map(str, folders), "--set", "bench-import"], env
            )
            print(f"import_exit: {code}")
            print(f"import_cpu_s: {cpu:.2f}")
            print(f"import_s: {wall:.2f}")
        finally:
            receiver.close()
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

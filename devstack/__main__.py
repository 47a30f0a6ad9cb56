"""`python -m devstack up`: start the offline stack (Dagster webserver + daemon, the API), make a
demo book through the API, keep running until Ctrl-C.
`python -m devstack new --child-name Mina ...`: an alias of `moretale submit` for one book."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import ROOT, Stack

FINAL = ("completed", "failed", "canceled")


def _request(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "child_name": args.child_name,
        "child_age": args.child_age,
        "primary_lang": args.primary_lang,
        "secondary_lang": args.secondary_lang,
        "theme": args.theme,
        "page_count": args.pages,
    }


def make_book(api: httpx.Client, body: dict[str, Any], wait: bool) -> dict[str, Any]:
    created = api.post("/api/stories/", json=body)
    if created.status_code != 202:
        raise SystemExit(f"create failed: {created.status_code} {created.text}")
    story_id = created.json()["id"]
    print(f"book {story_id} queued", flush=True)
    story = created.json()
    last = None
    while wait and story["status"] not in FINAL:
        time.sleep(0.3)
        story = api.get(f"/api/stories/{story_id}").json()
        progress = story.get("progress") or {}
        stage, percent = progress.get("stage", ""), progress.get("percent", 0)
        line = f"  {story['status']:<9} {stage:<20} {percent:>3}%"
        if line != last:
            print(line, flush=True)
            last = line
    return story


def outcome(story: dict[str, Any]) -> str:
    """One line an operator can act on: "completed with 2 failed pages: page_04, page_09"."""
    error = story.get("error") or {}
    if story["status"] in ("completed", "failed") and error.get("message"):
        message = error["message"]
        return message if message.startswith(story["status"]) else f"{story['status']}: {message}"
    return story["status"]


def up(args: argparse.Namespace) -> int:
    key = os.environ.get("MORETALE_API_KEYS", "dev-key").split(",")[0]
    stack = Stack(
        home=ROOT / "dagster_home",
        outputs=Path(args.outputs).resolve(),
        port=args.port,
        api_port=args.api_port,
        api_key=key,
        catalog=ROOT / "catalog" / "catalog.duckdb",
    )
    print(f"starting Dagster on {stack.url} and the API on {stack.api_url} ...", flush=True)
    stack.start()
    # SIGTERM behaves like Ctrl-C so a supervisor can stop every process we started.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        api = httpx.Client(base_url=stack.api_url, headers={"X-API-Key": key}, timeout=30)
        if not args.no_demo:
            started = time.monotonic()
            story = make_book(api, _request(args), wait=True)
            took = time.monotonic() - started
            print(f"demo book {outcome(story)} in {took:.1f} s", flush=True)
            print(f"  files:   {stack.outputs / story['id']}")
            result_url = f"{stack.api_url}/api/stories/{story['id']}/result"
            print(f"  result:  curl -H 'X-API-Key: {key}' {result_url}")
            print(f"  run:     {stack.url}/runs/{story['run_id']}")
        print(
            f"\nDagster UI: {stack.url}   API docs: {stack.api_url}/docs   "
            f"(API key: {key})\nCtrl-C stops everything.",
            flush=True,
        )
        while all(p.poll() is None for p in stack.procs):
            time.sleep(0.5)
        print("a stack process exited; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...", flush=True)
        return 0
    finally:
        stack.stop()


def new(args: argparse.Namespace) -> int:
    """One book through `moretale submit`: it finds the stack, waits, and exits non-zero for a
    book that did not complete with every page."""
    import json
    import tempfile

    from moretale_cli.app import main as moretale

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.jsonl"
        path.write_text(json.dumps(_request(args), ensure_ascii=False) + "\n")
        api = ["--api-url", f"http://127.0.0.1:{args.api_port}"] if args.api_port else []
        return moretale(["submit", str(path), *(["--wait"] if args.wait else []), *api])


def quota(args: argparse.Namespace) -> int:
    """Day blocks in the quota store the run workers use (MORETALE_PACING_URL / _PATH)."""
    from moretale_assets.lib.quota import Pacer
    from moretale_assets.settings import PipelineSettings

    s = PipelineSettings()
    pacer = Pacer(s.pacing_path, url=s.pacing_url)
    if args.action == "lift":
        lifted = pacer.lift(args.model)
        print(f"{args.model}: {'block lifted' if lifted else 'was not blocked'}")
        return 0
    blocks = pacer.blocks()
    for b in blocks:
        print(b.message)
    if not blocks:
        print("no model is blocked")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, fn in (("up", up), ("new", new)):
        p = sub.add_parser(name)
        p.set_defaults(fn=fn)
        p.add_argument("--port", type=int, default=3000, help="Dagster webserver port")
        # `new` finds the running stack by itself unless told the port.
        p.add_argument("--api-port", type=int, default=8000 if name == "up" else None)
        p.add_argument("--outputs", default=str(ROOT / "outputs"))
        p.add_argument("--child-name", default="Mina")
        p.add_argument("--child-age", type=int, default=5)
        p.add_argument("--primary-lang", default="Korean")
        p.add_argument("--secondary-lang", default="English")
        p.add_argument("--theme", default="friendship")
        p.add_argument("--pages", type=int, default=24)
    q = sub.add_parser("quota", help="list day-quota blocks, or lift one after raising a quota")
    q.set_defaults(fn=quota)
    q.add_argument("action", choices=["list", "lift"], nargs="?", default="list")
    q.add_argument("model", nargs="?", default="")
    sub.choices["up"].add_argument("--no-demo", action="store_true")
    sub.choices["new"].add_argument("--wait", action="store_true")
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    raise SystemExit(main())

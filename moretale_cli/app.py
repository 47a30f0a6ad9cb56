"""The `moretale` command (console script): submit, status, wait, repair, cancel, export, import,
doctor. Exit codes: see `connect.Exit`."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from moretale_cli import export, follow, importer, setfile
from moretale_cli.connect import Api, CliError, Exit

app = typer.Typer(
    name="moretale",
    help="Submit and follow MoreTale story sets against a running stack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
CHUNK = 100  # stories per request: the API's default MORETALE_MAX_BATCH

ApiUrl = Annotated[
    str | None,
    typer.Option("--api-url", help="The API's base URL (else MORETALE_API_URL or the stack's)."),
]
SetOpt = Annotated[str | None, typer.Option("--set", help="A story set's name.")]
Timeout = Annotated[
    float | None, typer.Option("--timeout", help="Stop waiting after this many seconds (exit 4).")
]


def _set_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._") or "set"
    return f"{stem[:40]}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


def _follow(api: Api, label: str, poll, timeout: float | None) -> int:  # type: ignore[no-untyped-def]
    code, books = follow.follow(poll, out, label=label, timeout=timeout)
    done = sum(b.final for b in books)
    full = sum(b.fully_completed for b in books)
    partial = sum(b.status == "completed" and b.has_partial_failures for b in books)
    failed = sum(b.status in ("failed", "canceled") for b in books)
    pages = sum(b.pages_failed for b in books)
    out.print(
        f"{label}: {full} of {len(books)} completed"
        + (f", {partial} with failed pages ({pages} pages)" if partial else "")
        + (f", {failed} failed or canceled" if failed else "")
        + ("" if done == len(books) else f", {len(books) - done} still running (timed out)")
    )
    return code


@app.command()
def submit(
    path: Annotated[Path, typer.Argument(help="SET.jsonl or SET.csv, one story request a line")],
    set_name: SetOpt = None,
    wait: Annotated[bool, typer.Option("--wait", help="Follow the set until it is done")] = False,
    callback_url: Annotated[
        str | None, typer.Option("--callback-url", help="Signed webhooks for these books go here")
    ] = None,
    timeout: Timeout = None,
    api_url: ApiUrl = None,
) -> int:
    """Validate every line, then create the set's books (all or none)."""
    lines, errors = setfile.validate(path)
    if errors:
        for e in errors:
            err.print(f"{path}:{e.number}: {e.message}" if e.number else e.message)
        err.print(f"[red]{len(errors)} error(s); nothing was submitted[/]")
        return Exit.BAD_INPUT
    name = set_name or _set_name(path)
    api = Api.connect(api_url)
    size = CHUNK
    if len(lines) > CHUNK:  # the API may allow fewer (or more) per request
        size = int(api.json("GET", "/api/system/").get("max_batch", CHUNK))
    chunks = [lines[i : i + size] for i in range(0, len(lines), size)]

    def post(chunk: list[setfile.Line], dry_run: bool) -> dict:
        body: dict = {"stories": [ln.body for ln in chunk]}
        if callback_url:
            body["callback_url"] = callback_url
        try:
            return api.json(
                "POST",
                f"/api/sets/{name}/stories",
                json=body,
                params={"dry_run": "true"} if dry_run else None,
                ok=(200, 202),
                # The API creates and launches every book before it answers: ~0.1-1.5 s each.
                timeout=60 + 3 * len(chunk),
            )
        except CliError as exc:
            # The API names a story of a JSON request by its index: map it back to a file line.
            for item in exc.detail if isinstance(exc.detail, list) else []:
                if isinstance(item, dict) and isinstance(item.get("index"), int):
                    line = chunk[item["index"]].number
                    msgs = "; ".join(
                        f"{'.'.join(map(str, e.get('loc', []))) or 'story'}: {e.get('msg')}"
                        for e in item.get("errors", [])
                    )
                    err.print(f"{path}:{line}: {msgs}")
            raise

    # The API checks what only it knows (e.g. languages its story writer can write): every
    # chunk passes a dry run before any story is created.
    if len(chunks) > 1:
        for chunk in chunks:
            post(chunk, dry_run=True)
    created = [s for chunk in chunks for s in post(chunk, dry_run=False)["stories"]]
    out.print(f"set [bold]{name}[/]: {len(created)} book(s) queued")
    if not wait:
        out.print(f"follow it with: moretale wait --set {name}")
        return Exit.OK
    return _follow(api, f"set {name}", follow.poll_set(api, name), timeout)


def _print_story(body: dict) -> None:
    book = follow.from_story(body)
    req = body["request"]
    out.print(f"[bold]{body['id']}[/]  {book.verdict() if book.final else body['status']}")
    out.print(f"  child: {req['child_name']}  {req['primary_lang']}/{req['secondary_lang']}")
    out.print(f"  pages: {req['page_count']}  theme: {req.get('theme') or '-'}")
    if not book.final:
        out.print(f"  progress: {book.percent}% {book.stage or ''}")
    result = body.get("result") or {}
    if result.get("title_primary"):
        out.print(f"  title: {result['title_primary']} / {result.get('title_secondary')}")
    for p in result.get("failed_pages") or []:
        where = f"page {p['page_number']}" if p.get("page_number") else "cover"
        out.print(f"  [yellow]failed: {where}: {', '.join(p.get('failed', []))}[/]")
    if body.get("error"):
        out.print(f"  error: {body['error']['code']}: {body['error']['message'][:300]}")


@app.command()
def status(
    story_id: Annotated[str | None, typer.Argument(help="A story id")] = None,
    set_name: SetOpt = None,
    api_url: ApiUrl = None,
) -> int:
    """A book's or a set's state; with neither, the latest sets."""
    api = Api.connect(api_url)
    if story_id:
        body = api.json("GET", f"/api/stories/{story_id}")
        _print_story(body)
        return follow.exit_code([follow.from_story(body)])
    if set_name:
        body = api.json("GET", f"/api/sets/{set_name}")
        table = Table("story", "status", "progress", "failed pages", "title")
        for s in body["stories"]:
            table.add_row(
                s["id"],
                s["status"] + (" (partial)" if s["has_partial_failures"] else ""),
                f"{s['percent']}% {s['stage'] or ''}",
                str(s["pages_failed"]),
                s["title_primary"] or "",
            )
        out.print(table)
        out.print(
            f"set {body['name']}: {body['done']}/{body['total']} done, {body['completed']} "
            f"completed, {body['partial']} partial ({body['pages_failed']} failed pages), "
            f"{body['failed']} failed, {body['canceled']} canceled; {body['percent']}%"
        )
        return follow.exit_code(follow.from_set(body))
    sets = api.json("GET", "/api/sets/")["items"]
    table = Table("set", "books", "done", "created")
    for s in sets:
        table.add_row(s["name"], str(s["total"]), str(s["done"]), s["created_at"])
    out.print(table)
    return Exit.OK


@app.command()
def wait(
    story_ids: Annotated[list[str] | None, typer.Argument(help="Story ids")] = None,
    set_name: SetOpt = None,
    timeout: Timeout = None,
    api_url: ApiUrl = None,
) -> int:
    """Follow books or a set until every book is final."""
    api = Api.connect(api_url)
    if set_name:
        return _follow(api, f"set {set_name}", follow.poll_set(api, set_name), timeout)
    if not story_ids:
        raise CliError("name story ids or --set NAME", Exit.BAD_INPUT)
    return _follow(api, f"{len(story_ids)} book(s)", follow.poll_ids(api, story_ids), timeout)


def _pages(value: str | None) -> list[int] | None:
    if not value:
        return None
    pages: set[int] = set()
    for part in value.split(","):
        lo, _, hi = part.strip().partition("-")
        try:
            pages.update(range(int(lo), int(hi or lo) + 1))
        except ValueError:
            raise CliError(f"--pages: {part!r} is not a page or a range", Exit.BAD_INPUT) from None
    return sorted(pages)


@app.command()
def repair(
    story_id: str,
    pages: Annotated[
        str | None,
        typer.Option(
            "--pages",
            help="Redo these pages (3,7 or 2-5) even if valid; default: "
            "complete whatever failed or is missing",
        ),
    ] = None,
    wait_: Annotated[bool, typer.Option("--wait", help="Follow the repair run")] = False,
    timeout: Timeout = None,
    api_url: ApiUrl = None,
) -> int:
    """Launch a repair run: the failed pages (or the chosen ones) are made again."""
    api = Api.connect(api_url)
    body = {"pages": _pages(pages)}
    accepted = api.json("POST", f"/api/stories/{story_id}/repair", json=body, ok=(202,))
    out.print(f"{story_id}: repair run {accepted['run_id']} queued")
    if not wait_:
        return Exit.OK
    return _follow(api, story_id, follow.poll_ids(api, [story_id]), timeout)


@app.command()
def cancel(
    story_ids: Annotated[list[str] | None, typer.Argument(help="Story ids")] = None,
    set_name: SetOpt = None,
    api_url: ApiUrl = None,
) -> int:
    """Stop queued or running books (a whole set with --set)."""
    api = Api.connect(api_url)
    ids = list(story_ids or [])
    if set_name:
        books = follow.from_set(api.json("GET", f"/api/sets/{set_name}"))
        ids += [b.id for b in books if not b.final]
    if not ids:
        out.print("nothing to cancel")
        return Exit.OK
    for sid in ids:
        api.json("POST", f"/api/stories/{sid}/cancel")
        out.print(f"{sid}: canceled")
    return Exit.OK


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="MoreTale-AI book folders (or zips)")],
    set_name: SetOpt = None,
    repair_: Annotated[
        bool, typer.Option("--repair", help="Then complete every failed page with a repair run")
    ] = False,
    timeout: Timeout = None,
    api_url: ApiUrl = None,
) -> int:
    """Import books made by the original MoreTale CLI; all are checked before any is sent."""
    books = importer.check(paths, err)
    if books is None:
        return Exit.BAD_INPUT
    api = Api.connect(api_url)
    imported = importer.upload(api, books, set_name)
    for s in imported:
        note = f", {s['failed_items']} failed item(s) to repair" if s["failed_items"] else ""
        out.print(
            f"{s['source']} -> {s['id']} ({s['era']}-page era, {s['page_count']} pages{note})"
        )
    broken = [s["id"] for s in imported if s["failed_items"]]
    if not repair_:
        if broken:
            out.print(f"complete them with: moretale repair ID ({len(broken)} book(s))")
        return Exit.INCOMPLETE if broken else Exit.OK
    for sid in broken:
        api.json("POST", f"/api/stories/{sid}/repair", json={}, ok=(202,))
    if not broken:
        return Exit.OK
    return _follow(api, f"repair of {len(broken)} book(s)", follow.poll_ids(api, broken), timeout)


@app.command("export")
def export_cmd(
    story_id: str,
    fmt: Annotated[str, typer.Option("--format", help="zip (the book's folder) or pdf")] = "zip",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File or folder to write")
    ] = None,
    api_url: ApiUrl = None,
) -> int:
    """Download a book as a zip of its files or as a printable PDF."""
    api = Api.connect(api_url)
    target, count = export.export(api, story_id, fmt, output)
    out.print(f"{target}: {count} {'files' if fmt == 'zip' else 'sheets'}")
    return Exit.OK


def _mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1e9:.1f} GB"


@app.command()
def doctor(api_url: ApiUrl = None) -> int:
    """Check the API, Dagster, the catalog, the models, quotas and disk."""
    api = Api.connect(api_url)
    problems = 0

    def report(ok: bool, what: str, note: str = "") -> None:
        nonlocal problems
        problems += not ok
        mark = "[green]ok[/]  " if ok else "[red]FAIL[/]"
        out.print(f"{mark} {what}{': ' + note if note else ''}")

    try:
        api.request("GET", "/healthz")
        report(True, "API", f"{api.base_url} (from {api.source})")
    except CliError as exc:
        report(False, "API", exc.message)
        return Exit.UNREACHABLE
    ready = api.request("GET", "/readyz", ok=(200, 503)).json()
    checks = ready.get("checks", {})
    report(checks.get("dagster", False), "Dagster", "webserver answers GraphQL")
    report(checks.get("catalog", False), "catalog", "DuckDB open")
    report(checks.get("ingest", False), "ingest", "runs are being followed")
    try:
        info = api.json("GET", "/api/system/")
    except CliError as exc:
        report(False, "API key", exc.message)
        return Exit.UNREACHABLE
    report(True, "API key", "accepted")
    for part, p in info["providers"].items():
        report(True, f"{part} provider", p["provider"] + (f" ({p['model']})" if p["model"] else ""))
    quotas = ", ".join(f"{m} {n}/min" for m, n in info["rpm_quotas"].items()) or "none set"
    report(True, "quotas", quotas)
    for model, until in info["blocked_models"].items():
        when = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
        report(False, f"quota {model}", f"daily quota exhausted until {when}")
    free, total = info["disk_free_bytes"], info["disk_total_bytes"]
    if free is not None:
        report(free > 1e9, "disk", f"{_mb(free)} free of {_mb(total)}")
    else:
        report(True, "disk", f"{info['storage_backend']} storage")
    return Exit.OK if problems == 0 else Exit.INCOMPLETE


def main(argv: list[str] | None = None) -> int:
    try:
        result = app(args=argv, prog_name="moretale", standalone_mode=False)
    except CliError as exc:
        err.print(f"[red]error:[/] {exc.message}")
        return exc.code
    except typer.Abort:
        err.print("aborted")
        return 130
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return Exit.BAD_INPUT
        raise
    return result if isinstance(result, int) else Exit.OK


if __name__ == "__main__":
    sys.exit(main())

"""`moretale import`: check every MoreTale-AI folder here (the same reader the API uses), then
upload them as zips, a few books per request."""

from __future__ import annotations

import zipfile
from pathlib import Path

from rich.console import Console

from moretale_assets.lib.imports.moretale_ai import NotAMoreTaleBook, read_book
from moretale_assets.lib.imports.sources import SourceTooLarge, from_folder, from_zip, to_zip
from moretale_cli.connect import Api

REQUEST_BYTES = 48 << 20  # per upload request


def check(paths: list[Path], err: Console) -> list[tuple[str, bytes]] | None:
    """(name, zip bytes) per book, or None after printing every problem."""
    books: list[tuple[str, bytes]] = []
    problems = 0
    for path in paths:
        try:
            if path.is_dir():
                files = from_folder(path)
                name = path.resolve().name
            elif path.is_file() and path.suffix == ".zip":
                files = from_zip(path.read_bytes())
                name = path.stem
            else:
                raise NotAMoreTaleBook(str(path), str(path), "not a folder or a .zip")
            read_book(name, files)
            books.append((name, to_zip(files)))
        except NotAMoreTaleBook as exc:
            problems += 1
            err.print(f"{path}: {exc.file}: {exc.problem}")
        except (OSError, zipfile.BadZipFile, SourceTooLarge) as exc:
            problems += 1
            err.print(f"{path}: {exc}")
    if problems:
        err.print(f"[red]{problems} folder(s) are not MoreTale books; nothing was imported[/]")
        return None
    return books


def upload(api: Api, books: list[tuple[str, bytes]], set_name: str | None) -> list[dict]:
    groups: list[list[tuple[str, bytes]]] = [[]]
    for book in books:
        if groups[-1] and sum(len(b) for _, b in groups[-1]) + len(book[1]) > REQUEST_BYTES:
            groups.append([])
        groups[-1].append(book)
    done: list[dict] = []
    for group in groups:
        files = [("file", (f"{name}.zip", data, "application/zip")) for name, data in group]
        params = {"set": set_name} if set_name else None
        body = api.json("POST", "/api/imports/", files=files, params=params, ok=(200,))
        done += body["stories"]
    return done

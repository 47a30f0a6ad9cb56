"""A book folder's files as {path inside the folder: bytes}, from a directory or a zip of one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

MAX_BYTES = 512 << 20  # a 32-page book with narration is ~30 MB; refuse what is clearly not one


class SourceTooLarge(ValueError):
    pass


def from_folder(folder: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        total += path.stat().st_size
        if total > MAX_BYTES:
            raise SourceTooLarge(f"{folder}: more than {MAX_BYTES >> 20} MB")
        files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def from_zip(data: bytes) -> dict[str, bytes]:
    """A zip of one book folder (or of its contents): paths come back relative to the folder.
    Entries that would escape it (absolute, `..`) are ignored."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if sum(i.file_size for i in infos) > MAX_BYTES:
            raise SourceTooLarge(f"more than {MAX_BYTES >> 20} MB unpacked")
        names = {}
        for info in infos:
            p = PurePosixPath(info.filename.replace("\\", "/"))
            if p.is_absolute() or ".." in p.parts or "__MACOSX" in p.parts:
                continue
            names[p] = info
        tops = {p.parts[0] for p in names if len(p.parts) > 1}
        strip = len(tops) == 1 and all(len(p.parts) > 1 for p in names)
        return {
            (PurePosixPath(*p.parts[1:]) if strip else p).as_posix(): zf.read(info)
            for p, info in names.items()
        }


def to_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # WAV/PNG barely compress
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()

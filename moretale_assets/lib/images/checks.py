"""Is a stored picture a finished one? Used to skip pages that are already done."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError


def is_valid_png(data: bytes, *, min_side: int = 16) -> bool:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()  # checks the chunk CRCs, so a truncated file fails here
            return min(img.size) >= min_side
    except (UnidentifiedImageError, OSError, SyntaxError):
        return False

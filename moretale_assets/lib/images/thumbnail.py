"""Small inline previews, so the Dagster UI can show a cover without serving any files."""

from __future__ import annotations

import base64
import io

from PIL import Image


def data_uri(png: bytes, width: int = 240) -> str:
    with Image.open(io.BytesIO(png)) as img:
        img = img.convert("RGB")
        img.thumbnail((width, width * 2))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()

"""JSON bodies sent gzipped to the clients that accept it, plain to the rest."""

from __future__ import annotations

from fastapi import Request, Response

from api.catalog.cache import Body
from api.urls import Urls

VARY = {"Vary": "Accept-Encoding"}
GZIP = {"Content-Encoding": "gzip", **VARY}


def accepts_gzip(header: str | None) -> bool:
    """RFC 9110 §12.5.3: `gzip` (or `*`) listed with a q-value above 0."""
    if not header:
        return False
    star = None
    for item in header.split(","):
        name, _, params = item.partition(";")
        name = name.strip().lower()
        if name not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name == "*":
            star = q > 0
        else:
            return q > 0
    return bool(star)


def json_response(request: Request, urls: Urls, body: Body) -> Response:
    # Presigned URLs are made per response, so such a body is opened whatever the client takes.
    if (
        body.gzipped
        and not urls.presigning
        and accepts_gzip(request.headers.get("accept-encoding"))
    ):
        return Response(body.data, media_type="application/json", headers=GZIP)
    return Response(urls.resolve(body.plain()), media_type="application/json", headers=VARY)

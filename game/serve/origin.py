"""Where a request came from: the address the browser used, and whether a page of another site sent it."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web


def base_url(request: web.Request) -> str:
    """The address the browser used to reach us (a proxy's X-Forwarded-Proto/Host taken into account)."""
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
    return f"{scheme}://{host}"


def same_origin(request: web.Request) -> bool:
    """False when a browser says the request comes from a page of another site (no Origin header: True)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == urlsplit(base_url(request)).netloc

"""Which callback URLs we send to: http(s) only, and not to this host's or a private network
unless configuration allows it (a webhook must not become a way to probe the inside)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class TargetRefused(ValueError):
    pass


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise TargetRefused(f"cannot resolve {host!r}: {exc.strerror}") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_target(url: str, *, allow_private: bool) -> str:
    """Returns the URL if we may send to it; raises TargetRefused saying why not. Checked at
    submission and again before every attempt (a name can start resolving elsewhere)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("callback_url must be an http(s) URL with a host")
    if parts.username or parts.password:
        raise TargetRefused("callback_url must not carry credentials")
    if allow_private:
        return url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for addr in _addresses(parts.hostname, port):
        if not addr.is_global or addr.is_multicast:
            raise TargetRefused(
                f"callback_url resolves to {addr}, a loopback, private or reserved address "
                "(allowed only with MORETALE_WEBHOOK_ALLOW_PRIVATE=true)"
            )
    return url

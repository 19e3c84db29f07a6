"""Who is on the other end: the socket peer, unless that peer is a configured trusted proxy (ASVS 4.1.3).

Only then are `X-Forwarded-For` and `X-Forwarded-Proto` believed, and X-Forwarded-For is read from the right,
skipping our own proxies, so a client cannot choose the address its login failures are counted against.
"""

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _header(scope: Any, name: bytes) -> str | None:
    values = [value.decode("latin-1") for key, value in scope.get("headers", ()) if key.lower() == name]
    return ",".join(values) if values else None


def client_address(scope: Any, trusted: Sequence[Network]) -> str:
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not trusted or not _trusted(peer, trusted):
        return peer
    forwarded = _header(scope, b"x-forwarded-for")
    if not forwarded:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            # Our proxy appends what it saw; anything that is not an address was written by the client.
            return hop if _is_ip(hop) else peer
    return peer


def is_https(scope: Any, trusted: Sequence[Network]) -> bool:
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    if client and trusted and _trusted(client[0], trusted):
        proto = _header(scope, b"x-forwarded-proto") or ""
        return proto.split(",")[-1].strip().lower() == "https"
    return False

"""Which IP addresses a Jira connection may reach: public unicast only, unless an admin allow-lists more."""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address ("loopback", "private", …), or None when it is.

    IPv6 forms that carry an IPv4 address (mapped ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, 6to4
    ``2002::/16`` and NAT64 ``64:ff9b::/96``) are judged by that IPv4 address too, so ``::ffff:127.0.0.1``
    is loopback, not "some IPv6 address".
    """
    embedded = embedded_ipv4(address)
    # The IPv4 address's own label first: "::ffff:127.0.0.1" is loopback before it is "an IPv4-mapped range".
    reason = _own_reason(embedded) if embedded is not None else None
    return reason or _own_reason(address)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, when it is one of the forms that tunnel or translate it."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _own_reason(address: IPAddress) -> str | None:
    # Order matters only for the label: the most specific name wins ("loopback" rather than "private").
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared (CGNAT)", address in _CGNAT),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
        # Python's is_global knows IANA's special-purpose registry beyond the flags above.
        ("not globally routable", not address.is_global),
    )
    return next((label for label, hit in checks if hit), None)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host names literally, read the way the C resolver reads it, or None for a name.

    ``inet_aton`` accepts the forms browsers and libc accept (``2130706433``, ``0x7f.1``, ``017700000001``,
    ``127.1``), so an attacker cannot hide 127.0.0.1 from a check that only understands dotted quads.
    """
    text = host.strip().strip("[]")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except OSError:
        return None


def is_canonical_ip_literal(host: str) -> bool:
    """True when ``host`` is not an IP literal, or is one written the standard way (dotted quad, IPv6 text)."""
    address = parse_ip_literal(host)
    if address is None:
        return True
    text = host.strip().strip("[]")
    if "%" in text:
        return False  # an IPv6 zone id names a local interface; no Jira site lives behind one
    try:
        return ipaddress.ip_address(text) == address
    except ValueError:
        return False

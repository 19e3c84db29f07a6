"""Name resolution for the egress guard: every A/AAAA record of a host, through the event loop."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Protocol

from jiraex_shared.connections.address_rules import IPAddress, parse_ip_literal


class HostUnresolvable(OSError):
    """The host name has no address (NXDOMAIN, no network, or a resolver timeout)."""


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address ``host`` stands for, in the resolver's preference order, without duplicates."""
        ...


class SystemResolver:
    """``getaddrinfo`` in the loop's executor; IP literals (in any inet_aton spelling) need no lookup."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        literal = parse_ip_literal(host)
        if literal is not None:
            return [literal]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise HostUnresolvable(f"cannot resolve {host!r}: {error}") from None
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _canonical, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if address not in addresses:
                addresses.append(address)
        return addresses

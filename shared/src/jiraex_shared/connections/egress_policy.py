"""The allow-list that lets a connection reach non-public addresses: exact host names and CIDR networks."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jiraex_shared.connections.address_rules import IPAddress, blocked_reason, embedded_ipv4
from jiraex_shared.connections.egress_errors import EgressRefused

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")


class AllowListError(ValueError):
    """An allow-list entry is neither a host name nor an IP address or CIDR network."""


@dataclass(frozen=True)
class EgressPolicy:
    """Public unicast addresses are always allowed; others only through ``allowed_hosts`` or ``allowed_networks``.

    A host name entry allows whatever that exact name resolves to (no wildcards: ``jira.corp`` does not
    allow ``evil.jira.corp``). A network entry allows addresses inside it, whatever name led there, which is
    what an admin means by "our Data Center lives in 10.20.0.0/16".
    """

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> EgressPolicy:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            value = parse_allow_entry(entry)
            if isinstance(value, str):
                hosts.add(value)
            else:
                networks.append(value)
        return cls(frozenset(hosts), tuple(networks))

    def merged(self, other: EgressPolicy) -> EgressPolicy:
        return EgressPolicy(self.allowed_hosts | other.allowed_hosts, self.allowed_networks + other.allowed_networks)

    def check(self, host: str, addresses: Sequence[IPAddress]) -> None:
        """Raise EgressRefused unless every address ``host`` resolved to may be reached.

        Every address must pass, not just one: a name answering both a public and a private address is how
        a rebinding attack hedges its bets.
        """
        name = normalise_host_name(host)
        if not addresses:
            raise EgressRefused(host, "no address")
        if name in self.allowed_hosts:
            return
        for address in addresses:
            reason = blocked_reason(address)
            if reason is not None and not self._network_allows(address):
                raise EgressRefused(host, reason)

    def _network_allows(self, address: IPAddress) -> bool:
        candidates = [address]
        embedded = embedded_ipv4(address)
        if embedded is not None:
            candidates.append(embedded)
        return any(candidate in network for candidate in candidates for network in self.allowed_networks)


def parse_allow_entry(entry: str) -> IPNetwork | str:
    """The network an IP or CIDR entry names, or the lower-case host name; AllowListError otherwise."""
    text = entry.strip()
    try:
        return ipaddress.ip_network(text.strip("[]"), strict=False)
    except ValueError:
        pass
    name = normalise_host_name(text)
    if not _HOST_NAME.fullmatch(name):
        raise AllowListError(f"{entry!r} is neither a host name nor an IP address or CIDR network")
    return name


def normalise_host_name(host: str) -> str:
    """Lower case without the root dot, so ``Jira.Corp.`` and ``jira.corp`` are one entry."""
    return host.strip().strip("[]").rstrip(".").lower()

"""Every SSRF corpus entry is classified as non-public with the right reason; public addresses pass."""

import ipaddress

import pytest
from ssrf_corpus import BLOCKED_LITERALS, PUBLIC_LITERALS

from jiraex_shared.connections.address_rules import (
    blocked_reason,
    embedded_ipv4,
    is_canonical_ip_literal,
    parse_ip_literal,
)


@pytest.mark.parametrize(("host", "address", "reason"), BLOCKED_LITERALS)
def test_corpus_literal_is_read_like_libc_and_refused(host: str, address: str, reason: str) -> None:
    parsed = parse_ip_literal(host)
    assert parsed == ipaddress.ip_address(address)
    assert blocked_reason(parsed) == reason


@pytest.mark.parametrize("host", PUBLIC_LITERALS)
def test_public_unicast_addresses_pass(host: str) -> None:
    parsed = parse_ip_literal(host)
    assert parsed is not None
    assert blocked_reason(parsed) is None


def test_host_names_are_not_literals() -> None:
    for name in ("jira.example.com", "localhost", "127.0.0.1.nip.io", "0x7f.example", "1.2.3.4.5"):
        assert parse_ip_literal(name) is None


def test_ipv6_forms_that_carry_ipv4_are_judged_by_the_ipv4_address() -> None:
    assert embedded_ipv4(ipaddress.ip_address("::ffff:10.1.2.3")) == ipaddress.ip_address("10.1.2.3")
    assert embedded_ipv4(ipaddress.ip_address("2002:c0a8:101::")) == ipaddress.ip_address("192.168.1.1")
    assert embedded_ipv4(ipaddress.ip_address("64:ff9b::808:808")) == ipaddress.ip_address("8.8.8.8")
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1111")) is None
    # NAT64 addresses sit in ::/8, which is reserved: refused unless allow-listed, whatever they translate to.
    assert blocked_reason(ipaddress.ip_address("64:ff9b::808:808")) == "reserved"
    # An IPv4-mapped address is refused even for a public IPv4: no Jira is reached that way.
    assert blocked_reason(ipaddress.ip_address("::ffff:8.8.8.8")) is not None


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("jira.example.com", True),
        ("192.0.2.10", True),
        ("::1", True),
        ("[2001:db8::1]", True),
        ("2130706433", False),
        ("0x7f.1", False),
        ("017700000001", False),
        ("127.1", False),
        ("0177.0.0.1", False),
        ("fe80::1%eth0", False),
    ],
)
def test_non_standard_ip_spellings_are_recognised(host: str, canonical: bool) -> None:
    assert is_canonical_ip_literal(host) is canonical

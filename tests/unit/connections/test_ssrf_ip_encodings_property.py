"""Property: every decimal, hex and octal spelling of an IPv4 address is read as that address and refused in a URL."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiraex_shared.connections import ConnectionInputError
from jiraex_shared.connections.address_rules import blocked_reason, parse_ip_literal
from jiraex_shared.connections.base_url import validate_base_url

addresses = st.integers(min_value=0, max_value=2**32 - 1)


def spellings(number: int) -> list[str]:
    octets = ipaddress.IPv4Address(number).packed
    return [
        str(number),
        hex(number),
        "0" + oct(number)[2:],
        ".".join(hex(octet) for octet in octets),
        f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
    ]


@given(addresses)
def test_every_spelling_is_the_same_address(number: int) -> None:
    address = ipaddress.IPv4Address(number)
    for spelling in spellings(number):
        assert parse_ip_literal(spelling) == address, spelling
        assert blocked_reason(parse_ip_literal(spelling)) == blocked_reason(address)  # type: ignore[arg-type]


@given(addresses)
def test_only_the_dotted_quad_is_accepted_in_a_base_url(number: int) -> None:
    address = ipaddress.IPv4Address(number)
    assert validate_base_url(f"http://{address}:8080") == f"http://{address}:8080"
    for spelling in spellings(number):
        if spelling == str(address):
            continue
        with pytest.raises(ConnectionInputError):
            validate_base_url(f"http://{spelling}:8080/")

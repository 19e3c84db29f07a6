"""The client address is the socket peer unless the peer is a trusted proxy; then X-Forwarded-For from the right."""

from jiraex_api.client_address import client_address, is_https, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "::1"])


def scope(peer: str, *headers: tuple[str, str], scheme: str = "http") -> dict:
    return {"client": (peer, 5000), "scheme": scheme, "headers": [(k.encode(), v.encode()) for k, v in headers]}


def test_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert client_address(scope("203.0.113.9", ("x-forwarded-for", "1.2.3.4")), PROXIES) == "203.0.113.9"
    assert client_address(scope("203.0.113.9", ("x-forwarded-for", "1.2.3.4")), ()) == "203.0.113.9"


def test_trusted_proxy_forwards_the_rightmost_untrusted_hop() -> None:
    forwarded = ("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3")
    assert client_address(scope("10.0.0.5", forwarded), PROXIES) == "198.51.100.7"
    assert client_address(scope("10.0.0.5"), PROXIES) == "10.0.0.5"


def test_https_is_believed_only_from_a_trusted_proxy() -> None:
    assert is_https(scope("10.0.0.5", ("x-forwarded-proto", "https")), PROXIES)
    assert not is_https(scope("203.0.113.9", ("x-forwarded-proto", "https")), PROXIES)
    assert is_https(scope("203.0.113.9", scheme="https"), PROXIES)


def test_a_forwarded_hop_that_is_not_an_address_is_not_believed() -> None:
    assert client_address(scope("10.0.0.5", ("x-forwarded-for", "1.2.3.4, " + "x" * 200)), PROXIES) == "10.0.0.5"

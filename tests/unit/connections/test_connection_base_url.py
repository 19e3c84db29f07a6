"""Base URL validation: http(s) only, no user info, query or fragment, and IPs only in standard spelling."""

import pytest

from jiraex_shared.connections import ConnectionInputError
from jiraex_shared.connections.base_url import base_url_host, base_url_port, validate_base_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://acme.atlassian.net/", "https://acme.atlassian.net"),
        ("  https://ACME.atlassian.net  ", "https://acme.atlassian.net"),
        ("http://jira.corp:8080/jira/", "http://jira.corp:8080/jira"),
        ("https://api.atlassian.com/ex/jira/1234-abcd", "https://api.atlassian.com/ex/jira/1234-abcd"),
        ("http://127.0.0.1:2990", "http://127.0.0.1:2990"),
        ("http://[2001:db8::5]:8080", "http://[2001:db8::5]:8080"),
    ],
)
def test_good_urls_are_normalised(raw: str, expected: str) -> None:
    assert validate_base_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ftp://jira.corp",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
        "jira.corp",
        "https://x.atlassian.net@10.0.0.1",
        "https://user:pass@jira.corp",
        "https://jira.corp/?next=http://127.0.0.1",
        "https://jira.corp/#frag",
        "https://jira.corp#",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://127.1/",
        "http://[fe80::1%25eth0]/",
        "https://" + "a" * 2100 + ".com",
    ],
)
def test_bad_urls_are_refused_with_the_field_named(raw: str) -> None:
    with pytest.raises(ConnectionInputError) as caught:
        validate_base_url(raw)
    assert caught.value.field == "base_url"
    assert caught.value.message


def test_host_and_port_as_the_resolver_needs_them() -> None:
    assert base_url_host("http://[::1]:8080") == "::1"
    assert base_url_port("https://jira.corp") == 443
    assert base_url_port("http://jira.corp") == 80
    assert base_url_port("http://jira.corp:8080/x") == 8080

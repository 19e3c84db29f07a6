"""Site identity: one bucket per Jira site whatever the spelling of its base URL."""

import pytest

from jiraex_shared.ratelimit import site_key


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.atlassian.net",
        "https://acme.atlassian.net/",
        "HTTPS://ACME.Atlassian.NET:443/",
        "https://me%40acme.com:token@acme.atlassian.net",
        "https://acme.atlassian.net/?jql=x#frag",
        "  https://acme.atlassian.net  ",
    ],
)
def test_spellings_of_one_cloud_site_share_a_key(url: str) -> None:
    assert site_key(url) == "https://acme.atlassian.net"


def test_scoped_token_sites_differ_by_cloud_id() -> None:
    one = site_key("https://api.atlassian.com/ex/jira/11111111-aaaa/")
    two = site_key("https://api.atlassian.com/ex/jira/22222222-bbbb")
    assert one == "https://api.atlassian.com/ex/jira/11111111-aaaa"
    assert one != two


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://jira.local:8080/jira/", "http://jira.local:8080/jira"),
        ("http://jira.local:80//jira//", "http://jira.local/jira"),
        ("https://jira.local:8443", "https://jira.local:8443"),
        ("http://[::1]:2990/jira", "http://[::1]:2990/jira"),
        ("http://127.0.0.1:2990", "http://127.0.0.1:2990"),
    ],
)
def test_server_sites_keep_port_and_context_path(url: str, expected: str) -> None:
    assert site_key(url) == expected


def test_scheme_is_part_of_the_site() -> None:
    assert site_key("http://jira.local") != site_key("https://jira.local")


@pytest.mark.parametrize("url", ["", "jira.local", "ftp://jira.local", "https://", "https://jira.local:99999"])
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match=r"URL|[Pp]ort"):
        site_key(url)

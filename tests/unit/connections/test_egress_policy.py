"""The allow-list: exact host names, CIDR networks, every resolved address checked, generic refusals."""

import ipaddress

import pytest

from jiraex_shared.connections import AllowListError, EgressPolicy, EgressRefused, normalise_allow_list
from jiraex_shared.connections.egress_policy import parse_allow_entry
from jiraex_shared.jira import JiraPermanentError


def addresses(*texts: str) -> list:
    return [ipaddress.ip_address(text) for text in texts]


def test_public_addresses_pass_without_any_allow_list() -> None:
    EgressPolicy().check("site.atlassian.net", addresses("104.192.141.1", "2606:4700::1111"))


def test_a_private_answer_is_refused_and_the_message_names_the_host_but_not_the_address() -> None:
    with pytest.raises(EgressRefused) as caught:
        EgressPolicy().check("jira.corp", addresses("10.20.30.40"))
    assert caught.value.reason == "private"
    assert "jira.corp" in str(caught.value)
    assert "10.20.30.40" not in str(caught.value)
    assert isinstance(caught.value, JiraPermanentError)


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    with pytest.raises(EgressRefused):
        EgressPolicy().check("rebind.example", addresses("104.192.141.1", "127.0.0.1"))


def test_no_address_is_refused() -> None:
    with pytest.raises(EgressRefused):
        EgressPolicy().check("empty.example", [])


def test_a_host_name_entry_allows_that_exact_name_only() -> None:
    policy = EgressPolicy.from_entries(["Jira.Corp."])
    policy.check("jira.corp", addresses("10.0.0.5"))
    policy.check("JIRA.corp.", addresses("10.0.0.5"))
    with pytest.raises(EgressRefused):
        policy.check("evil.jira.corp", addresses("10.0.0.5"))
    with pytest.raises(EgressRefused):
        policy.check("jira.corp.evil", addresses("10.0.0.5"))


def test_a_network_entry_allows_addresses_inside_it_whatever_the_name() -> None:
    policy = EgressPolicy.from_entries(["10.20.0.0/16", "127.0.0.1"])
    policy.check("dc.corp", addresses("10.20.1.2"))
    policy.check("127.0.0.1", addresses("127.0.0.1"))
    policy.check("mapped", addresses("::ffff:10.20.1.2"))
    with pytest.raises(EgressRefused):
        policy.check("other.corp", addresses("10.21.0.1"))
    with pytest.raises(EgressRefused):
        policy.check("127.0.0.2", addresses("127.0.0.2"))


def test_merged_policies_allow_both() -> None:
    policy = EgressPolicy.from_entries(["a.corp"]).merged(EgressPolicy.from_entries(["192.168.0.0/24"]))
    policy.check("a.corp", addresses("10.0.0.1"))
    policy.check("b.corp", addresses("192.168.0.7"))


@pytest.mark.parametrize("entry", ["", "not a host", "*.corp", "http://jira.corp", "jira_corp", "-bad.corp", "a" * 300])
def test_malformed_entries_are_refused(entry: str) -> None:
    with pytest.raises(AllowListError):
        parse_allow_entry(entry)


def test_the_admin_list_is_stored_canonical_and_deduplicated() -> None:
    assert normalise_allow_list(["10.1.2.3/8", "Jira.Corp", "jira.corp.", "[::1]", "10.0.0.0/8"]) == [
        "10.0.0.0/8", "jira.corp", "::1/128",
    ]

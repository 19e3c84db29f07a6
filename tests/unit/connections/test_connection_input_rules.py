"""Field rules of a connection: names, auth kinds per deployment, token limits, rate caps."""

import pytest

from jiraex_shared.connections import ConnectionChanges, ConnectionInputError, NewConnection
from jiraex_shared.connections.connection_input import (
    MAX_TOKEN_LENGTH,
    check_auth,
    check_deployment,
    check_name,
    check_rate_cap,
    check_token,
)


def field_of(call, *args) -> str:
    with pytest.raises(ConnectionInputError) as caught:
        call(*args)
    return caught.value.field


def test_names_are_trimmed_and_bounded() -> None:
    assert check_name("  Prod Jira ") == "Prod Jira"
    assert field_of(check_name, "  ") == "name"
    assert field_of(check_name, "x" * 201) == "name"


def test_cloud_basic_needs_an_email_server_basic_a_username_bearer_neither() -> None:
    assert check_auth("basic", " robot@example.com ", "https://acme.atlassian.net") == "robot@example.com"
    assert field_of(check_auth, "basic", "robot", "https://acme.atlassian.net") == "username"
    assert check_auth("basic", "robot", "https://jira.corp") == "robot"
    assert field_of(check_auth, "basic", None, "https://jira.corp") == "username"
    assert check_auth("bearer", None, "https://jira.corp") is None
    assert field_of(check_auth, "oauth", None, "https://jira.corp") == "auth_kind"


def test_tokens_must_be_present_bounded_and_single_line() -> None:
    assert check_token("abc") == "abc"
    assert field_of(check_token, "") == "token"
    assert field_of(check_token, "x" * (MAX_TOKEN_LENGTH + 1)) == "token"
    assert field_of(check_token, "x" * 10_000_000) == "token"
    assert field_of(check_token, "abc\n") == "token"


def test_deployment_and_rate_cap() -> None:
    assert check_deployment(None) == "unknown"
    assert check_deployment("server") == "server"
    assert field_of(check_deployment, "unknown") == "deployment"
    assert check_rate_cap(None) is None
    assert check_rate_cap(2) == 2.0
    for bad in (0, -1, float("nan"), float("inf"), 1e9):
        assert field_of(check_rate_cap, bad) == "rate_cap_rps"


def test_the_token_never_shows_in_a_repr() -> None:
    new = NewConnection(name="n", base_url="https://jira.corp", auth_kind="bearer", token="s3cr3t-token")
    changes = ConnectionChanges(name="m", token="s3cr3t-token")
    assert "s3cr3t" not in repr(new) and "s3cr3t" not in str(new)
    assert "s3cr3t" not in repr(changes) and "token_changed=True" in repr(changes)

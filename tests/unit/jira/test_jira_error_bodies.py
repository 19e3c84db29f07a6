"""Jira's message is found in every error body shape it sends."""

from __future__ import annotations

import pytest
from jira_mock_site import fixture_bytes

from jiraex_shared.jira.error_bodies import MAX_MESSAGE_CHARS, error_message

JSON = "application/json;charset=UTF-8"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("400-bad-jql.json", "Error in the JQL Query: Expecting ')' before the end of the query."),
        ("cloud-401-not-authenticated.json", "Client must be authenticated to access this resource."),
        ("403-no-access.json", "You currently don't have access to perform this operation."),
        ("server-400-both-jrjc.json", "a; b; a: y; c: z"),
        ("server-400-errors-map-jrjc.json", "customfield_10000: abcfsd"),
    ],
)
def test_json_error_shapes(sample: str, expected: str) -> None:
    assert error_message(400, JSON, fixture_bytes(sample)) == expected


def test_error_messages_without_the_errors_key() -> None:
    message = error_message(400, JSON, fixture_bytes("server-400-unrecognized-field-jira-ruby.json"))
    assert message.startswith(
        'Unrecognized field "invalid" (Class com.atlassian.jira.rest.v2.issue.component'
    )
    assert "\n" not in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b'{"error": "Failed to parse Connect Session Auth Token"}',
            "Failed to parse Connect Session Auth Token",
        ),
        (b'{"error": {"code": "Forbidden", "message": "link expired"}}', "link expired"),
        (b'{"errorMessages": [], "errors": {}}', "Bad Request (no message in the response body)"),
        (b"[]", "Bad Request (no message in the response body)"),
        (b'{"errorMessages": ["cut', '{"errorMessages": ["cut'),
    ],
)
def test_unusual_json(body: bytes, expected: str) -> None:
    assert error_message(400, JSON, body) == expected


def test_problem_json_detail() -> None:
    body = b'{"type": "about:blank", "title": "Forbidden", "detail": "Scope does not match"}'
    assert error_message(403, "application/problem+json", body) == "Scope does not match"


def test_empty_body_names_the_status() -> None:
    assert error_message(401, None, b"") == "Unauthorized (empty response body)"
    assert error_message(599, "text/plain", b"  ") == "HTTP 599 (empty response body)"


def test_html_page_gives_its_title() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>Unauthorized (401)</title></head>"
        b"<body><h1>Unauthorized</h1><p>Encountered a &quot;401&quot; error</p></body></html>"
    )
    assert error_message(401, "text/html;charset=UTF-8", page) == "Unauthorized (401)"


def test_html_without_title_gives_the_heading_or_text() -> None:
    assert (
        error_message(502, "text/html", b"<html><body><h1>Bad  &amp; gateway</h1></body></html>")
        == "Bad & gateway"
    )
    assert error_message(502, "text/html", b"<p>upstream\nconnect error</p>") == "upstream connect error"


def test_json_sent_without_a_content_type_is_still_read() -> None:
    assert error_message(404, None, fixture_bytes("cloud-404-issue-not-found.json")) == (
        "Issue does not exist or you do not have permission to see it."
    )


def test_plain_text_and_html_mislabelled_as_json() -> None:
    assert error_message(500, "text/plain", b"Search limit exceeded\n") == "Search limit exceeded"
    assert error_message(429, JSON, b"<html><title>Rate limited</title></html>") == "Rate limited"


def test_long_messages_are_clipped() -> None:
    message = error_message(400, JSON, b'{"errorMessages": ["' + b"x" * 5000 + b'"]}')
    assert len(message) == MAX_MESSAGE_CHARS
    assert message.endswith("…")

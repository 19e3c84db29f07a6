"""Validation errors: Jira's wording for unknown fields, values, operators, dates, functions and sorts."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from jiraex_jira_sim.jql import JqlCatalog, JqlError, parse_jql

Errors = Callable[[str], list[str]]

DATE_FORMATS = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format "
    "e.g. '-5d', '4w 2d'."
)


@pytest.mark.parametrize(
    ("jql", "messages"),
    [
        ("foo = bar", ["Field 'foo' does not exist or you do not have permission to view it."]),
        ("summary ~ bar", ["Field 'summary' does not exist or you do not have permission to view it."]),
        ("cf[10020] = 2", ["Field 'cf[10020]' does not exist or you do not have permission to view it."]),
        ('"Story Points" = 3', ["Field 'Story Points' does not exist or you do not have permission to view it."]),
        ("project = XYZ", ["The value 'XYZ' does not exist for the field 'project'."]),
        ("Project = xyz", ["The value 'xyz' does not exist for the field 'Project'."]),
        ("project = 10000", ["A value with ID '10000' does not exist for the field 'project'."]),
        ('project = "10000"', ["The value '10000' does not exist for the field 'project'."]),
        ("issuetype = Epic", ["The value 'Epic' does not exist for the field 'issuetype'."]),
        ("type = Epic", ["The value 'Epic' does not exist for the field 'type'."]),
        ("status = Foo", ["The value 'Foo' does not exist for the field 'status'."]),
        ("priority = Critical", ["The value 'Critical' does not exist for the field 'priority'."]),
        ("priority > Critical", ["The value 'Critical' does not exist for the field 'priority'."]),
        (
            "status in (Foo, Open, Bar)",
            [
                "The value 'Foo' does not exist for the field 'status'.",
                "The value 'Bar' does not exist for the field 'status'.",
            ],
        ),
        (
            "project = XYZ AND status = Foo OR nope = 1",
            [
                "The value 'XYZ' does not exist for the field 'project'.",
                "The value 'Foo' does not exist for the field 'status'.",
                "Field 'nope' does not exist or you do not have permission to view it.",
            ],
        ),
        ("NOT project = XYZ", ["The value 'XYZ' does not exist for the field 'project'."]),
        # Jira keeps messages in a set: the same mistake twice is reported once.
        ("project = XYZ OR project = XYZ", ["The value 'XYZ' does not exist for the field 'project'."]),
    ],
)
def test_unknown_fields_and_values(jql_errors: Errors, jql: str, messages: list[str]) -> None:
    assert jql_errors(jql) == messages


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project > ALPHA", "The operator '>' is not supported by the 'project' field."),
        ("project <= ALPHA", "The operator '<=' is not supported by the 'project' field."),
        ("project ~ ALPHA", "The operator '~' is not supported by the 'project' field."),
        ("status < Done", "The operator '<' is not supported by the 'status' field."),
        ("issuetype >= Bug", "The operator '>=' is not supported by the 'issuetype' field."),
        ("labels > a", "The operator '>' is not supported by the 'labels' field."),
        ("labels ~ a", "The operator '~' is not supported by the 'labels' field."),
        ("created ~ -1d", "The operator '~' is not supported by the 'created' field."),
        ("key !~ ALPHA-1", "The operator '!~' is not supported by the 'key' field."),
        ("key is EMPTY", "The operator 'is' is not supported by the 'key' field."),
        ("key is not EMPTY", "The operator 'is not' is not supported by the 'key' field."),
        ("status was Open", "The operator 'was' is not supported by the 'status' field."),
        ("status was not in (Open)", "The operator 'was not in' is not supported by the 'status' field."),
        ("status changed", "The operator 'changed' is not supported by the 'status' field."),
    ],
)
def test_unsupported_operators(jql_errors: Errors, jql: str, message: str) -> None:
    assert jql_errors(jql) == [message]


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project in ALPHA", "Operator 'in' does not support the non-list value '\"ALPHA\"' for field 'project'."),
        ("project not in 5", "Operator 'not in' does not support the non-list value '5' for field 'project'."),
        ("created in now()", "Operator 'in' does not support the non-list value 'now()' for field 'created'."),
        (
            "project = (ALPHA, BETA)",
            "Operator '=' does not support the list value '(\"ALPHA\", \"BETA\")' for field 'project'.",
        ),
        ("key > (ALPHA-1)", "Operator '>' does not support the list value '(\"ALPHA-1\")' for field 'key'."),
        (
            "project in EMPTY",
            "Operator 'in' does not support the empty value representation 'EMPTY' for field 'project'.",
        ),
        (
            "created > EMPTY",
            "Operator '>' does not support the empty value representation 'EMPTY' for field 'created'.",
        ),
        ("labels is urgent", "Operator 'is' does not support searching for non-empty values for field 'labels'."),
        (
            "labels is not now()",
            "Operator 'is not' does not support searching for non-empty values for field 'labels'.",
        ),
        # The operand shape is checked before the field's supported operators, as Jira's validator does.
        ("project ~ (ALPHA)", "Operator '~' does not support the list value '(\"ALPHA\")' for field 'project'."),
        ("nope in x", "Field 'nope' does not exist or you do not have permission to view it."),
    ],
)
def test_operator_usage(jql_errors: Errors, jql: str, message: str) -> None:
    assert jql_errors(jql) == [message]


@pytest.mark.parametrize(
    ("jql", "value", "field"),
    [
        ('created > "2024-13-45"', "2024-13-45", "created"),
        ('createdDate > "yesterday"', "yesterday", "createdDate"),
        ('updated >= "-100milestone"', "-100milestone", "updated"),
        ('updated >= "-4humor"', "-4humor", "updated"),
        ("updated > tomorrow", "tomorrow", "updated"),
        ('created in ("2024-01-01", "2024-02-30")', "2024-02-30", "created"),
        ('created = "31/01/2024"', "31/01/2024", "created"),
    ],
)
def test_invalid_dates(jql_errors: Errors, jql: str, value: str, field: str) -> None:
    assert jql_errors(jql) == [f"Date value '{value}' for field '{field}' is invalid. {DATE_FORMATS}"]


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("created > bogus()", "Unable to find JQL function 'bogus()'."),
        ("project = echo(HSP)", "Unable to find JQL function 'echo(HSP)'."),
        (
            "key in (ALPHA-1, linkedIssues(ALPHA-2, blocks))",
            "Unable to find JQL function 'linkedIssues(ALPHA-2, blocks)'.",
        ),
        ("created > now(1)", "Function 'now' expected '0' arguments but received '1'."),
        (
            "created > startOfDay(1, 2)",
            "Function 'startOfDay' expected between '0' and '1' arguments but received '2'.",
        ),
        (
            'updated > startOfDay("invalid")',
            "Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.",
        ),
        (
            "created = currentUSER()",
            "A date for the field 'created' provided by the function 'currentUSER' is not valid.",
        ),
        ("status = CuRReNTuseR()", "A value provided by the function 'CuRReNTuseR' is invalid for the field 'status'."),
        ("project = now()", "A value provided by the function 'now' is invalid for the field 'project'."),
        ("labels in (now())", "A value provided by the function 'now' is invalid for the field 'labels'."),
        (
            "issue = currentuser()",
            "A value provided by the function 'currentuser' for the field 'issue' is not a valid issue key.",
        ),
    ],
)
def test_function_errors(jql_errors: Errors, jql: str, message: str) -> None:
    assert jql_errors(jql) == [message]


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("key = foo", "The issue key 'foo' for field 'key' is invalid."),
        ("key = ALPHA-", "The issue key 'ALPHA-' for field 'key' is invalid."),
        ("key = 1A-5", "The issue key '1A-5' for field 'key' is invalid."),
        ("issuekey in (ALPHA-1, nope)", "The issue key 'nope' for field 'issuekey' is invalid."),
        # Without a resolver an id has no project to compare within.
        ("key > 10004", "The issue key '10004' for field 'key' is invalid."),
    ],
)
def test_invalid_keys(jql_errors: Errors, jql: str, message: str) -> None:
    assert jql_errors(jql) == [message]


def test_missing_issues_fail_when_the_catalog_can_resolve_keys() -> None:
    known = {"ALPHA-1": "ALPHA-1", "10001": "ALPHA-1"}
    catalog = JqlCatalog(frozenset({"ALPHA"}), frozenset(), frozenset(), frozenset(), known.get)
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with pytest.raises(JqlError) as caught:
        parse_jql("key > ALPHA-7 OR key in (ALPHA-1, ALPHA-9) OR id = 555", catalog=catalog, now=now)
    assert caught.value.messages == [
        "An issue with key 'ALPHA-7' does not exist for field 'key'.",
        "An issue with key 'ALPHA-9' does not exist for field 'key'.",
        "A value with ID '555' does not exist for the field 'id'.",
    ]
    assert parse_jql("key >= 10001", catalog=catalog, now=now).is_bounded


@pytest.mark.parametrize(
    ("jql", "messages"),
    [
        ("project = ALPHA ORDER BY foo", ["Not able to sort using field 'foo'."]),
        ("ORDER BY summary DESC, key", ["Not able to sort using field 'summary'."]),
        ("project = ALPHA ORDER BY labels", ["Field 'labels' does not support sorting."]),
        (
            "bad = 1 ORDER BY worse",
            [
                "Field 'bad' does not exist or you do not have permission to view it.",
                "Not able to sort using field 'worse'.",
            ],
        ),
    ],
)
def test_sort_errors(jql_errors: Errors, jql: str, messages: list[str]) -> None:
    assert jql_errors(jql) == messages


def test_syntax_errors_are_reported_alone_before_any_validation(jql_errors: Errors) -> None:
    assert jql_errors("foo = bar AND") == ["Error in the JQL Query: Expecting a field name at the end of the query."]


def test_now_must_be_timezone_aware(catalog: JqlCatalog) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_jql("project = ALPHA", catalog=catalog, now=datetime(2024, 1, 1))

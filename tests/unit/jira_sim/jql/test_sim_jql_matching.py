"""Which issues each field/operator combination matches, checked against plain-Python oracles."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jiraex_jira_sim.jql import JqlCatalog, parse_jql

Search = Callable[[str], list[str]]
Oracle = Callable[[Callable[..., bool]], set[str]]

NOW = datetime(2024, 3, 13, 15, 30, tzinfo=UTC)


def project(issue: Any) -> str:
    return issue.project_key


@pytest.mark.parametrize(
    ("jql", "oracle"),
    [
        ("project = ALPHA", lambda i: i.project_key == "ALPHA"),
        ("project = alpha", lambda i: i.project_key == "ALPHA"),
        ('project = "Beta"', lambda i: i.project_key == "BETA"),
        ("project != ALPHA", lambda i: i.project_key != "ALPHA"),
        ("project in (ALPHA, beta)", lambda i: i.project_key in {"ALPHA", "BETA"}),
        ("project not in (ALPHA, beta)", lambda i: i.project_key == "IN2"),
        ("project = IN2", lambda i: i.project_key == "IN2"),
        ("project is EMPTY", lambda i: False),
        ("project is not EMPTY", lambda i: True),
        ("project = EMPTY", lambda i: False),
        ("project != EMPTY", lambda i: True),
        ("issuetype = Bug", lambda i: i.issue_type == "Bug"),
        ("type = bug", lambda i: i.issue_type == "Bug"),
        ("IssueType != Bug", lambda i: i.issue_type != "Bug"),
        ("issuetype in (Story, Task)", lambda i: i.issue_type in {"Story", "Task"}),
        ("issuetype not in (Story, Task)", lambda i: i.issue_type == "Bug"),
        ('status = "In Progress"', lambda i: i.status == "In Progress"),
        ("status = 'in progress'", lambda i: i.status == "In Progress"),
        ("STATUS != Done", lambda i: i.status != "Done"),
        ('status in (Open, "In Progress")', lambda i: i.status != "Done"),
        ("status not in (Open)", lambda i: i.status != "Open"),
        ("status is not empty", lambda i: True),
        ("priority = High", lambda i: i.priority == "High"),
        ("priority != High", lambda i: i.priority != "High"),
        ("priority > Medium", lambda i: i.priority in {"High", "Highest"}),
        ("priority >= Medium", lambda i: i.priority in {"Medium", "High", "Highest"}),
        ("priority < Medium", lambda i: i.priority in {"Low", "Lowest"}),
        ("priority <= low", lambda i: i.priority in {"Low", "Lowest"}),
        ("priority in (Highest, Lowest)", lambda i: i.priority in {"Highest", "Lowest"}),
    ],
)
def test_single_valued_fields(search: Search, keys_where: Oracle, jql: str, oracle: Callable[..., bool]) -> None:
    assert set(search(jql)) == keys_where(oracle)


def folded(issue: Any) -> set[str]:
    return {label.casefold() for label in issue.labels}


@pytest.mark.parametrize(
    ("jql", "oracle"),
    [
        ("labels = backend", lambda i: "backend" in folded(i)),
        ("labels = BACKEND", lambda i: "backend" in folded(i)),
        ("labels in (urgent, frontend)", lambda i: bool(folded(i) & {"urgent", "frontend"})),
        ("labels is EMPTY", lambda i: not i.labels),
        ("labels = EMPTY", lambda i: not i.labels),
        ("labels = null", lambda i: not i.labels),
        ("labels is not EMPTY", lambda i: bool(i.labels)),
        ("labels != EMPTY", lambda i: bool(i.labels)),
        # Jira's != and NOT IN never match an empty field.
        ("labels != backend", lambda i: bool(i.labels) and "backend" not in folded(i)),
        ("labels not in (backend, urgent)", lambda i: bool(i.labels) and not folded(i) & {"backend", "urgent"}),
        ("labels in (frontend, EMPTY)", lambda i: not i.labels or "frontend" in folded(i)),
        ("labels not in (frontend, EMPTY)", lambda i: bool(i.labels) and "frontend" not in folded(i)),
        ("labels = nothing-has-this", lambda i: False),
        ("NOT labels = backend", lambda i: "backend" not in folded(i)),
    ],
)
def test_labels(search: Search, keys_where: Oracle, jql: str, oracle: Callable[..., bool]) -> None:
    assert set(search(jql)) == keys_where(oracle)


def number(issue: Any) -> int:
    return int(issue.key.rpartition("-")[2])


@pytest.mark.parametrize(
    ("jql", "oracle"),
    [
        ("key = ALPHA-3", lambda i: i.key == "ALPHA-3"),
        ("key = alpha-3", lambda i: i.key == "ALPHA-3"),
        ("issuekey = ALPHA-03", lambda i: i.key == "ALPHA-3"),
        ("issue = BETA-10", lambda i: i.key == "BETA-10"),
        ("key != ALPHA-3", lambda i: i.key != "ALPHA-3"),
        ("key in (ALPHA-1, BETA-40, IN2-8)", lambda i: i.key in {"ALPHA-1", "BETA-40", "IN2-8"}),
        ("key not in (ALPHA-1, BETA-40)", lambda i: i.key not in {"ALPHA-1", "BETA-40"}),
        # Numeric comparison within the key's project only: BETA-10 > BETA-5 although "10" < "5" as text.
        ("key > BETA-5", lambda i: project(i) == "BETA" and number(i) > 5),
        ("key >= BETA-10", lambda i: project(i) == "BETA" and number(i) >= 10),
        ("key < BETA-10", lambda i: project(i) == "BETA" and number(i) < 10),
        ("key <= ALPHA-2", lambda i: project(i) == "ALPHA" and number(i) <= 2),
        ("key > ALPHA-999", lambda i: False),
        ("key = 10004", lambda i: i.id == 10004),
        ("id in (10001, 10002)", lambda i: i.id in {10001, 10002}),
        ("key != 10004", lambda i: i.id != 10004),
        ("key = EMPTY", lambda i: False),
    ],
)
def test_keys(search: Search, keys_where: Oracle, jql: str, oracle: Callable[..., bool]) -> None:
    assert set(search(jql)) == keys_where(oracle)


def test_resume_after_a_key_checkpoint(search: Search) -> None:
    assert search("project = BETA AND key > BETA-10 ORDER BY key ASC") == [
        "BETA-15",
        "BETA-20",
        "BETA-25",
        "BETA-30",
        "BETA-35",
        "BETA-40",
    ]


@pytest.mark.parametrize(
    ("jql", "oracle"),
    [
        ("created > -5d", lambda i: i.created > NOW - timedelta(days=5)),
        ("created >= -5d", lambda i: i.created >= NOW - timedelta(days=5)),
        ('created < "-1d 2h"', lambda i: i.created < NOW - timedelta(days=1, hours=2)),
        ("createdDate <= -2w", lambda i: i.created <= NOW - timedelta(weeks=2)),
        ("updated > -4h", lambda i: i.updated > NOW - timedelta(hours=4)),
        ("updated >= -30m", lambda i: i.updated >= NOW - timedelta(minutes=30)),
        ("updatedDate > -1w", lambda i: i.updated > NOW - timedelta(weeks=1)),
        ('updated >= "2024-03-12"', lambda i: i.updated >= datetime(2024, 3, 12, tzinfo=UTC)),
        ('updated >= "2024/03/12 09:00"', lambda i: i.updated >= datetime(2024, 3, 12, 9, tzinfo=UTC)),
        ("created >= startOfDay(-3)", lambda i: i.created >= datetime(2024, 3, 10, tzinfo=UTC)),
        ("created <= endOfDay(-3)", lambda i: i.created < datetime(2024, 3, 11, tzinfo=UTC)),
        ("updated < now()", lambda i: i.updated < NOW),
        ("created > startOfMonth()", lambda i: i.created > datetime(2024, 3, 1, tzinfo=UTC)),
        ("created > startOfWeek()", lambda i: i.created > datetime(2024, 3, 10, tzinfo=UTC)),
        ("created > 1709251200000", lambda i: i.created > datetime(2024, 3, 1, tzinfo=UTC)),
        ("created is EMPTY", lambda i: False),
        ("updated is not EMPTY", lambda i: True),
    ],
)
def test_dates(search: Search, keys_where: Oracle, jql: str, oracle: Callable[..., bool]) -> None:
    assert set(search(jql)) == keys_where(oracle)


def test_date_equality_is_to_the_minute(issue_factory: Callable[..., Any], catalog: JqlCatalog) -> None:
    issue = issue_factory(created=datetime(2024, 1, 31, 14, 5, 42, tzinfo=UTC))

    def matches(jql: str) -> bool:
        return parse_jql(jql, catalog=catalog, now=NOW).matches(issue)

    assert matches('created = "2024-01-31 14:05"')
    assert not matches('created != "2024-01-31 14:05"')
    assert not matches('created = "2024-01-31"')
    assert matches('created in ("2024-01-30", "2024-01-31 14:05")')
    assert matches('created not in ("2024-01-31 14:06")')
    assert matches('created > "2024-01-31 14:05"')  # relational comparisons use the exact instant
    assert not matches('created < "2024-01-31 14:05"')


@pytest.mark.parametrize(
    ("jql", "oracle"),
    [
        (
            "project = ALPHA AND status = Open OR project = BETA",
            lambda i: (i.project_key == "ALPHA" and i.status == "Open") or i.project_key == "BETA",
        ),
        (
            "project = ALPHA AND (status = Open OR project = BETA)",
            lambda i: i.project_key == "ALPHA" and i.status == "Open",
        ),
        (
            "NOT project = ALPHA AND issuetype = Bug",
            lambda i: i.project_key != "ALPHA" and i.issue_type == "Bug",
        ),
        (
            "NOT (project = ALPHA AND issuetype = Bug)",
            lambda i: not (i.project_key == "ALPHA" and i.issue_type == "Bug"),
        ),
        ("! status = Done && priority > Medium", lambda i: i.status != "Done" and i.priority in {"High", "Highest"}),
        ("status = Done || labels = urgent", lambda i: i.status == "Done" or "urgent" in folded(i)),
        (
            "project in (ALPHA, BETA) and status != Done and labels is not empty and created > -10d",
            lambda i: (
                i.project_key != "IN2"
                and i.status != "Done"
                and bool(i.labels)
                and i.created > NOW - timedelta(days=10)
            ),
        ),
        ("project = ALPHA OR project = BETA OR project = IN2", lambda i: True),
        ("not not project = ALPHA", lambda i: i.project_key == "ALPHA"),
    ],
)
def test_boolean_combinations(search: Search, keys_where: Oracle, jql: str, oracle: Callable[..., bool]) -> None:
    assert set(search(jql)) == keys_where(oracle)


def test_keywords_and_field_names_ignore_case(search: Search) -> None:
    assert search("PROJECT = alpha aNd StAtUs In (open) oRdEr By KEY aSc") == search(
        "project = ALPHA and status in (Open) order by key asc"
    )


def test_empty_and_order_only_queries_match_everything_but_are_unbounded(
    catalog: JqlCatalog, corpus: list[Any]
) -> None:
    for text in ("", "  ", "ORDER BY created DESC"):
        query = parse_jql(text, catalog=catalog, now=NOW)
        assert not query.is_bounded
        assert all(query.matches(issue) for issue in corpus)
    assert parse_jql("project = ALPHA", catalog=catalog, now=NOW).is_bounded


def test_resolver_maps_ids_for_relational_key_clauses(issue_factory: Callable[..., Any]) -> None:
    keys = {"10": "ALPHA-10", "ALPHA-10": "ALPHA-10"}
    catalog = JqlCatalog(
        frozenset({"ALPHA"}), frozenset(), frozenset(), frozenset(), resolve_issue=lambda text: keys.get(text.upper())
    )
    query = parse_jql("key > 10", catalog=catalog, now=NOW)
    assert query.matches(issue_factory("ALPHA-11"))
    assert not query.matches(issue_factory("ALPHA-10"))
    assert parse_jql("key = 10", catalog=catalog, now=NOW).matches(issue_factory("ALPHA-10"))

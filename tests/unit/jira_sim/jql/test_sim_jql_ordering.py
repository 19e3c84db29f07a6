"""ORDER BY: several fields, directions, defaults, numeric key order and the id tie-break."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from jiraex_jira_sim.jql import JqlCatalog, parse_jql

Search = Callable[[str], list[str]]
NOW = datetime(2024, 3, 13, 15, 30, tzinfo=UTC)


def ordered(jql: str, issues: list[Any], catalog: JqlCatalog) -> list[str]:
    query = parse_jql(jql, catalog=catalog, now=NOW)
    return [issue.key for issue in sorted(issues, key=query.sort_key)]


def test_no_order_by_means_key_descending(search: Search) -> None:
    keys = search("project = BETA")
    assert keys == ["BETA-40", "BETA-35", "BETA-30", "BETA-25", "BETA-20", "BETA-15", "BETA-10", "BETA-5"]
    everything = search("")
    assert everything[:3] == ["IN2-8", "IN2-7", "IN2-6"]
    assert everything[-3:] == ["ALPHA-3", "ALPHA-2", "ALPHA-1"]


def test_key_sorts_by_project_then_number_numerically(search: Search) -> None:
    assert search("project in (ALPHA, BETA) ORDER BY key") == [
        *(f"ALPHA-{n}" for n in range(1, 9)),
        *(f"BETA-{n}" for n in range(5, 45, 5)),
    ]
    assert search("project = BETA ORDER BY key DESC")[:3] == ["BETA-40", "BETA-35", "BETA-30"]


def test_dates_default_to_ascending(search: Search, corpus: list[Any]) -> None:
    by_created = [issue.key for issue in sorted(corpus, key=lambda issue: issue.created)]
    assert search("ORDER BY created") == by_created
    assert search("ORDER BY created ASC") == by_created
    assert search("ORDER BY created DESC") == by_created[::-1]
    by_updated = [issue.key for issue in sorted(corpus, key=lambda issue: issue.updated)]
    assert search("project is not empty ORDER BY updatedDate") == by_updated


def test_several_sort_fields(search: Search, corpus: list[Any]) -> None:
    expected = sorted(corpus, key=lambda issue: (issue.status.casefold(), -issue.updated.timestamp()))
    assert search("ORDER BY status ASC, updated DESC") == [issue.key for issue in expected]
    expected = sorted(corpus, key=lambda issue: (issue.project_key, -issue.id))
    assert search("ORDER BY project, created ASC") == [issue.key for issue in expected]


def test_string_fields_sort_descending_with_prefixes_first(issue_factory: Callable[..., Any]) -> None:
    catalog = JqlCatalog(frozenset({"AB", "ABC", "B"}), frozenset(), frozenset({"Open"}), frozenset())
    issues = [
        issue_factory("AB-1", id=1),
        issue_factory("ABC-1", id=2),
        issue_factory("B-1", id=3),
        issue_factory("AB-2", id=4),
    ]
    assert ordered("ORDER BY project DESC", issues, catalog) == ["B-1", "ABC-1", "AB-1", "AB-2"]
    assert ordered("ORDER BY project ASC", issues, catalog) == ["AB-1", "AB-2", "ABC-1", "B-1"]
    assert ordered("ORDER BY key DESC", issues, catalog) == ["B-1", "ABC-1", "AB-2", "AB-1"]


def test_priority_desc_lists_the_most_important_first(search: Search, corpus: list[Any]) -> None:
    rank = {"Highest": 0, "High": 1, "Medium": 2, "Low": 3, "Lowest": 4}
    expected = sorted(corpus, key=lambda issue: (rank[issue.priority], issue.id))
    assert search("ORDER BY priority DESC") == [issue.key for issue in expected]
    expected = sorted(corpus, key=lambda issue: (-rank[issue.priority], issue.id))
    assert search("ORDER BY priority ASC") == [issue.key for issue in expected]


def test_ties_go_to_the_lower_id(issue_factory: Callable[..., Any], catalog: JqlCatalog) -> None:
    same = datetime(2024, 1, 1, tzinfo=UTC)
    issues = [issue_factory(f"ALPHA-{n}", id=100 - n, created=same) for n in range(1, 5)]
    assert ordered("ORDER BY created DESC", issues, catalog) == ["ALPHA-4", "ALPHA-3", "ALPHA-2", "ALPHA-1"]


def test_issue_type_and_status_sort_case_insensitively(issue_factory: Callable[..., Any]) -> None:
    catalog = JqlCatalog(frozenset({"P"}), frozenset({"bug", "Story", "Task"}), frozenset(), frozenset())
    issues = [
        issue_factory("P-1", id=1, issue_type="Task"),
        issue_factory("P-2", id=2, issue_type="bug"),
        issue_factory("P-3", id=3, issue_type="Story"),
    ]
    assert ordered("ORDER BY issuetype", issues, catalog) == ["P-2", "P-3", "P-1"]
    assert ordered("ORDER BY type DESC", issues, catalog) == ["P-1", "P-3", "P-2"]


def test_resume_after_checkpoint_continues_the_same_order(
    catalog: JqlCatalog, issue_factory: Callable[..., Any]
) -> None:
    issues = [issue_factory(f"ALPHA-{n}", id=n, created=NOW - timedelta(minutes=n)) for n in range(1, 26)]
    first_page = ordered("project = ALPHA ORDER BY key ASC", issues, catalog)[:10]
    query = parse_jql("project = ALPHA AND key > ALPHA-10 ORDER BY key ASC", catalog=catalog, now=NOW)
    rest = [issue.key for issue in sorted(filter(query.matches, issues), key=query.sort_key)]
    assert first_page + rest == [f"ALPHA-{n}" for n in range(1, 26)]

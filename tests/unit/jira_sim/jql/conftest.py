"""Fixtures for the JQL tests: a small catalog, a fixed `now` and a varied set of issues."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from jiraex_jira_sim.jql import JqlCatalog, JqlError, parse_jql

NOW = datetime(2024, 3, 13, 15, 30, tzinfo=UTC)  # a Wednesday


@dataclass(frozen=True, slots=True)
class Issue:
    """The smallest object satisfying JqlIssue."""

    id: int
    key: str
    project_key: str
    issue_type: str = "Task"
    status: str = "Open"
    priority: str = "Medium"
    labels: tuple[str, ...] = ()
    created: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    updated: datetime = datetime(2024, 1, 1, tzinfo=UTC)


CATALOG = JqlCatalog(
    projects=frozenset({"ALPHA", "BETA", "IN2"}),
    issue_types=frozenset({"Task", "Bug", "Story"}),
    statuses=frozenset({"Open", "In Progress", "Done"}),
    priorities=frozenset({"Highest", "High", "Medium", "Low", "Lowest"}),
)


def _corpus() -> list[Issue]:
    """24 issues over three projects with every field varied; created/updated spread over hours and days."""
    statuses = ("Open", "In Progress", "Done")
    types = ("Task", "Bug", "Story", "Bug")
    priorities = ("Highest", "High", "Medium", "Low", "Lowest")
    label_sets: tuple[tuple[str, ...], ...] = ((), ("backend",), ("Backend", "urgent"), ("frontend",), ())
    issues = []
    for index in range(24):
        project = ("ALPHA", "BETA", "IN2")[index % 3]
        number = index // 3 + 1 if project != "BETA" else (index // 3 + 1) * 5  # BETA-5, BETA-10, ... BETA-40
        issues.append(
            Issue(
                id=10_000 + index,
                key=f"{project}-{number}",
                project_key=project,
                issue_type=types[index % 4],
                status=statuses[index % 3 if index % 2 else (index + 1) % 3],
                priority=priorities[index % 5],
                labels=label_sets[index % 5],
                created=NOW - timedelta(days=index, hours=index),
                updated=NOW - timedelta(hours=3 * index, minutes=index),
            )
        )
    return issues


CORPUS = _corpus()


@pytest.fixture
def corpus() -> list[Issue]:
    return list(CORPUS)


@pytest.fixture
def search() -> Callable[[str], list[str]]:
    """Runs JQL over the corpus and returns the matching keys in the query's order."""

    def run(jql: str) -> list[str]:
        query = parse_jql(jql, catalog=CATALOG, now=NOW)
        return [issue.key for issue in sorted(filter(query.matches, CORPUS), key=query.sort_key)]

    return run


@pytest.fixture
def keys_where() -> Callable[[Callable[[Issue], bool]], set[str]]:
    """The keys of corpus issues satisfying a plain Python predicate: the oracle tests compare JQL against."""

    def select(predicate: Callable[[Issue], bool]) -> set[str]:
        return {issue.key for issue in CORPUS if predicate(issue)}

    return select


@pytest.fixture
def catalog() -> JqlCatalog:
    return CATALOG


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def jql_errors() -> Callable[[str], list[str]]:
    """The errorMessages Jira would answer `jql` with (fails the test if the query is accepted)."""

    def errors(jql: str) -> list[str]:
        with pytest.raises(JqlError) as caught:
            parse_jql(jql, catalog=CATALOG, now=NOW)
        return caught.value.messages

    return errors


@pytest.fixture
def issue_factory() -> Callable[..., Issue]:
    """Builds one Issue; `key` decides the project unless `project_key` is given."""

    def build(key: str = "ALPHA-1", **fields: object) -> Issue:
        fields.setdefault("project_key", key.rpartition("-")[0])
        fields.setdefault("id", 1)
        return Issue(key=key, **fields)  # type: ignore[arg-type]  # typed per field by Issue itself

    return build

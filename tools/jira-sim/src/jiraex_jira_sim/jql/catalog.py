"""The values a Jira site knows, which JQL validation checks clause values against."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JqlCatalog:
    """Known projects (keys), issue types, statuses and priorities; compared case-insensitively.

    `resolve_issue`, when given, maps an issue key (any case) or a numeric issue id to the issue's current key,
    or None when there is no such issue. With it, a key clause naming a missing issue fails the way Jira fails
    ("An issue with key 'X' does not exist for field 'key'."), which is what an exporter resuming after a
    deleted checkpoint issue meets; without it, keys are only checked for their shape.
    """

    projects: frozenset[str]
    issue_types: frozenset[str]
    statuses: frozenset[str]
    priorities: frozenset[str]
    resolve_issue: Callable[[str], str | None] | None = None

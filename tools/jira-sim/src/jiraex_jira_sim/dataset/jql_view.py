"""The compact per-issue view the JQL evaluator reads."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SimIssue:
    """Satisfies jql.JqlIssue; the extra attributes are there for richer queries and ordering."""

    id: int
    key: str
    project_key: str
    issue_type: str
    status: str
    priority: str
    labels: tuple[str, ...]
    created: datetime
    updated: datetime
    index: int
    number: int
    status_category: str
    resolution: str | None
    resolved: datetime | None
    assignee_account_id: str | None
    assignee_name: str | None
    reporter_account_id: str
    reporter_name: str
    parent_key: str | None

"""ORDER BY: validates the sort fields and builds the sort key that yields Jira's order."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from jiraex_jira_sim.jql import messages
from jiraex_jira_sim.jql.fields import FieldDef, FieldKind, lookup_field
from jiraex_jira_sim.jql.issue import JqlIssue
from jiraex_jira_sim.jql.keys import issue_key_parts
from jiraex_jira_sim.jql.priorities import priority_weight
from jiraex_jira_sim.jql.syntax_tree import Position, SortField

SortKey = Callable[[JqlIssue], tuple[Any, ...]]
_Part = Callable[[JqlIssue], Any]


def sort_errors(order_by: tuple[SortField, ...]) -> list[str]:
    """Jira's messages for sort fields it cannot sort by."""
    errors = []
    for sort in order_by:
        field = lookup_field(sort.field)
        if field is None:
            errors.append(messages.cannot_sort(sort.field))
        elif not field.sortable:
            errors.append(messages.sorting_not_supported(sort.field))
    return errors


class _Descending:
    """Reverses the order of strings: a tuple of negated code points, closed so a prefix sorts after."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[int, ...]] = {}

    def __call__(self, text: str) -> tuple[int, ...]:
        reversed_key = self.cache.get(text)
        if reversed_key is None:
            reversed_key = (*(-ord(char) for char in text), 1)
            if len(self.cache) < 4096:  # field values repeat (projects, statuses); keys do not
                self.cache[text] = reversed_key
        return reversed_key


def _part(field: FieldDef, descending: bool) -> _Part:
    desc = _Descending()
    if field.kind is FieldKind.KEY:
        if descending:

            def key_desc(issue: JqlIssue) -> tuple[Any, ...]:
                project, number = issue_key_parts(issue.key)
                return desc(project), -number

            return key_desc
        return lambda issue: issue_key_parts(issue.key)
    get = attrgetter(field.attribute)
    if field.kind is FieldKind.DATE:
        if descending:
            return lambda issue: -get(issue).timestamp()
        return lambda issue: get(issue).timestamp()
    if field.kind is FieldKind.PRIORITY:
        # ASC puts the least important first, so DESC lists Highest first, as in Jira.
        if descending:
            return lambda issue: (-priority_weight(get(issue)), desc(get(issue).casefold()))
        return lambda issue: (priority_weight(get(issue)), get(issue).casefold())
    if descending:
        return lambda issue: desc(get(issue).casefold())
    return lambda issue: get(issue).casefold()


def build_sort_key(order_by: tuple[SortField, ...]) -> SortKey:
    """The key for sorted(); without ORDER BY Jira's order is key DESC. Ties go to the lower issue id."""
    plan = order_by or (SortField("key", True, Position(1, 1)),)
    parts = []
    for sort in plan:
        field = lookup_field(sort.field)
        if field is None or not field.sortable:
            raise ValueError(f"unsortable field {sort.field!r} must be rejected by sort_errors first")
        # Every simulated field sorts ascending unless DESC is written.
        parts.append(_part(field, bool(sort.descending)))
    if len(parts) == 1:
        (only,) = parts
        return lambda issue: (only(issue), issue.id)
    if len(parts) == 2:
        first, second = parts
        return lambda issue: (first(issue), second(issue), issue.id)
    return lambda issue: (*[part(issue) for part in parts], issue.id)

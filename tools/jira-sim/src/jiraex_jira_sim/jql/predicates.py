"""Builds the closure that decides one clause (`field operator values`) for an issue.

Jira semantics kept here: `!=` and `NOT IN` never match an issue whose field is empty (only labels can be);
labels, projects, issue types, statuses and priorities compare case-insensitively; `key > A-10` only matches
issues of project A; `priority > X` means more important than X. Dates compare to the instant for `<`, `>` ...
while `=`, `!=`, `IN` compare to the minute, the precision JQL date values are written in.
"""

import operator as op
from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any

from jiraex_jira_sim.jql.fields import FieldDef, FieldKind
from jiraex_jira_sim.jql.issue import JqlIssue
from jiraex_jira_sim.jql.priorities import priority_weight
from jiraex_jira_sim.jql.syntax_tree import Operator
from jiraex_jira_sim.jql.values import EMPTY, Resolved

Predicate = Callable[[JqlIssue], bool]

_COMPARE: dict[Operator, Callable[[Any, Any], bool]] = {
    Operator.GREATER_THAN: op.gt,
    Operator.GREATER_THAN_EQUALS: op.ge,
    Operator.LESS_THAN: op.lt,
    Operator.LESS_THAN_EQUALS: op.le,
}
_POSITIVE = frozenset({Operator.EQUALS, Operator.IN})
_REMEMBER_AT_MOST = 1024


def always(_issue: JqlIssue) -> bool:
    return True


def never(_issue: JqlIssue) -> bool:
    return False


def build_predicate(field: FieldDef, operator: Operator, values: list[Resolved]) -> Predicate:
    """The predicate for a validated clause; `values` come from ValueResolver.resolve."""
    if operator is Operator.IS:
        return (lambda issue: not issue.labels) if field.kind is FieldKind.LABELS else never
    if operator is Operator.IS_NOT:
        return (lambda issue: bool(issue.labels)) if field.kind is FieldKind.LABELS else always
    return _BUILDERS.get(field.kind, _choice)(field, operator, values)


def _remembered(decide: Callable[[str], bool], get: Callable[[JqlIssue], str]) -> Predicate:
    """`decide(get(issue))`, remembered per distinct value: field values repeat (a handful of projects,
    statuses ...) while evaluation runs over every issue, so this skips the case folding per issue."""
    seen: dict[str, bool] = {}

    def predicate(issue: JqlIssue) -> bool:
        value = get(issue)
        verdict = seen.get(value)
        if verdict is None:
            verdict = decide(value)
            if len(seen) < _REMEMBER_AT_MOST:
                seen[value] = verdict
        return verdict

    return predicate


def _choice(field: FieldDef, operator: Operator, values: list[Resolved]) -> Predicate:
    get = attrgetter(field.attribute)
    if operator in _COMPARE:  # priority, the only relational choice field
        compare, target = _COMPARE[operator], priority_weight(str(values[0]))
        return _remembered(lambda value: compare(priority_weight(value), target), get)
    wanted = frozenset(value for value in values if value is not EMPTY)
    if operator in _POSITIVE:
        return _remembered(lambda value: value.casefold() in wanted, get)
    return _remembered(lambda value: value.casefold() not in wanted, get)


def _labels(field: FieldDef, operator: Operator, values: list[Resolved]) -> Predicate:
    wanted = frozenset(value for value in values if value is not EMPTY)
    fold = str.casefold
    if operator in _POSITIVE:
        if EMPTY in values:
            return lambda issue: not issue.labels or not wanted.isdisjoint(map(fold, issue.labels))
        return lambda issue: bool(issue.labels) and not wanted.isdisjoint(map(fold, issue.labels))
    return lambda issue: bool(issue.labels) and wanted.isdisjoint(map(fold, issue.labels))


def _key(field: FieldDef, operator: Operator, values: list[Resolved]) -> Predicate:
    if operator in _COMPARE:
        compare, target = _COMPARE[operator], values[0]
        if not isinstance(target, tuple):  # the compiler rejects ids here; this guards the unpacking
            raise TypeError(f"relational key clause needs an issue key, got {target!r}")
        prefix, number = f"{target[0]}-", target[1]
        width = len(prefix)

        def in_range(issue: JqlIssue) -> bool:
            # Project keys hold no '-', so a matching "PROJ-" prefix leaves exactly the issue number.
            key = issue.key
            return key[:width].upper() == prefix and compare(int(key[width:]), number)

        return in_range
    keys = frozenset(f"{value[0]}-{value[1]}" for value in values if isinstance(value, tuple))
    ids = frozenset(value for value in values if isinstance(value, int))
    if ids:

        def positive(issue: JqlIssue) -> bool:
            return issue.id in ids or issue.key.upper() in keys

    else:

        def positive(issue: JqlIssue) -> bool:
            return issue.key.upper() in keys

    if operator in _POSITIVE:
        return positive
    return lambda issue: not positive(issue)


def _date(field: FieldDef, operator: Operator, values: list[Resolved]) -> Predicate:
    get = attrgetter(field.attribute)
    if operator in _COMPARE:
        compare, moment = _COMPARE[operator], values[0]
        return lambda issue: compare(get(issue), moment)
    minutes = frozenset(int(value.timestamp() // 60) for value in values if isinstance(value, datetime))
    if operator in _POSITIVE:
        return lambda issue: int(get(issue).timestamp() // 60) in minutes
    return lambda issue: int(get(issue).timestamp() // 60) not in minutes


_BUILDERS: dict[FieldKind, Callable[[FieldDef, Operator, list[Resolved]], Predicate]] = {
    FieldKind.KEY: _key,
    FieldKind.LABELS: _labels,
    FieldKind.DATE: _date,
}

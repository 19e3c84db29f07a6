"""Validates a parsed WHERE clause like Jira does and compiles it into one fast predicate."""

from jiraex_jira_sim.jql import messages
from jiraex_jira_sim.jql.fields import FieldDef, FieldKind, lookup_field
from jiraex_jira_sim.jql.issue import JqlIssue
from jiraex_jira_sim.jql.predicates import Predicate, build_predicate, never
from jiraex_jira_sim.jql.syntax_tree import (
    LIST_OPERATORS,
    RELATIONAL,
    And,
    Clause,
    Empty,
    Literal,
    Not,
    Operator,
    Terminal,
    ValueList,
)
from jiraex_jira_sim.jql.values import Resolved, ValueResolver


def _usage_error(clause: Terminal) -> str | None:
    """Jira's operator/operand shape check (DefaultOperatorUsageValidator), made before any field check."""
    operand, operator, name = clause.operand, clause.operator, clause.field
    if operand is None:
        return None
    if operator in LIST_OPERATORS:
        if isinstance(operand, Empty):
            return messages.empty_not_supported(operator.value, name)
        if not isinstance(operand, ValueList):
            return messages.non_list_not_supported(operator.value, operand.shown(), name)
        return None
    if isinstance(operand, ValueList):
        return messages.list_not_supported(operator.value, operand.shown(), name)
    if operator in RELATIONAL and isinstance(operand, Empty):
        return messages.empty_not_supported(operator.value, name)
    if operator in (Operator.IS, Operator.IS_NOT) and not isinstance(operand, Empty):
        return messages.non_empty_not_supported(operator.value, name)
    return None


class Compiler:
    """Compiles one WHERE clause; every validation error is collected into `errors`, as Jira lists them."""

    def __init__(self, resolver: ValueResolver) -> None:
        self.resolver = resolver
        self.errors = resolver.errors

    def compile(self, clause: Clause) -> Predicate:
        if isinstance(clause, Terminal):
            return self.terminal(clause)
        if isinstance(clause, Not):
            inner = self.compile(clause.clause)
            return lambda issue: not inner(issue)
        parts = [self.compile(child) for child in clause.clauses]
        return _all_of(parts) if isinstance(clause, And) else _any_of(parts)

    def terminal(self, clause: Terminal) -> Predicate:
        field = lookup_field(clause.field)
        if field is None:
            self.errors.append(messages.field_not_found(clause.field))
            return never
        usage = _usage_error(clause)
        if usage is not None:
            self.errors.append(usage)
            return never
        if clause.operator not in field.operators or clause.operand is None:
            self.errors.append(messages.operator_not_supported(clause.operator.value, clause.field))
            return never
        values = self.resolver.resolve(field, clause.field, clause.operand)
        if values is None or not self.admissible(field, clause, values):
            return never
        return build_predicate(field, clause.operator, values)

    def admissible(self, field: FieldDef, clause: Terminal, values: list[Resolved]) -> bool:
        # Without a way to turn an id into a key, `key > 10042` has no project to compare within.
        if field.kind is FieldKind.KEY and clause.operator in RELATIONAL and isinstance(values[0], int):
            shown = clause.operand.value if isinstance(clause.operand, Literal) else str(values[0])
            self.errors.append(messages.invalid_issue_key(shown, clause.field))
            return False
        return True


def _all_of(parts: list[Predicate]) -> Predicate:
    if len(parts) == 2:
        first, second = parts
        return lambda issue: first(issue) and second(issue)

    def all_of(issue: JqlIssue) -> bool:
        # A plain loop: all() over a generator costs a frame per issue, and this runs for every issue.
        for part in parts:  # noqa: SIM110
            if not part(issue):
                return False
        return True

    return all_of


def _any_of(parts: list[Predicate]) -> Predicate:
    if len(parts) == 2:
        first, second = parts
        return lambda issue: first(issue) or second(issue)

    def any_of(issue: JqlIssue) -> bool:
        for part in parts:  # noqa: SIM110
            if part(issue):
                return True
        return False

    return any_of

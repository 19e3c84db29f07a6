"""Checks clause values against the catalog and turns them into values the predicates compare."""

from datetime import datetime

from jiraex_jira_sim.jql import messages
from jiraex_jira_sim.jql.catalog import JqlCatalog
from jiraex_jira_sim.jql.date_functions import DateFunctionError, evaluate_date_function, is_date_function
from jiraex_jira_sim.jql.dates import from_epoch_millis, parse_date_value
from jiraex_jira_sim.jql.fields import FieldDef, FieldKind
from jiraex_jira_sim.jql.keys import split_issue_key
from jiraex_jira_sim.jql.syntax_tree import Empty, FunctionCall, Literal, Operand, ValueList


class EmptyValue:
    """EMPTY or NULL in a clause, after resolution."""

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = EmptyValue()

# Functions Jira has that the simulator recognises (to word errors as Jira does) but that yield no value any
# simulated field accepts.
_NON_DATE_FUNCTIONS = frozenset({"currentuser"})

Resolved = str | int | tuple[str, int] | datetime | EmptyValue


def flatten(operand: Operand) -> list[Literal | Empty | FunctionCall]:
    """The single values of an operand; nested lists flatten as Jira treats them."""
    if isinstance(operand, ValueList):
        return [value for item in operand.items for value in flatten(item)]
    return [operand]


class ValueResolver:
    """Resolves the values of one query; errors are appended to `errors` in Jira's wording."""

    def __init__(self, catalog: JqlCatalog, now: datetime, errors: list[str]) -> None:
        self.now = now
        self.errors = errors
        self.resolve_issue = catalog.resolve_issue
        self.known = {
            FieldKind.PROJECT: {value.casefold() for value in catalog.projects},
            FieldKind.ISSUE_TYPE: {value.casefold() for value in catalog.issue_types},
            FieldKind.STATUS: {value.casefold() for value in catalog.statuses},
            FieldKind.PRIORITY: {value.casefold() for value in catalog.priorities},
        }

    def resolve(self, field: FieldDef, name: str, operand: Operand) -> list[Resolved] | None:
        """The values of `operand` for `field` (written as `name`), or None after recording errors."""
        before = len(self.errors)
        values: list[Resolved] = []
        for item in flatten(operand):
            if isinstance(item, Empty):
                values.append(EMPTY)
                continue
            if isinstance(item, FunctionCall):
                value = self.function(field, name, item)
            else:
                value = self.literal(field, name, item)
            if value is not None:
                values.append(value)
        return values if len(self.errors) == before else None

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def function(self, field: FieldDef, name: str, call: FunctionCall) -> Resolved | None:
        folded = call.name.casefold()
        if not is_date_function(folded) and folded not in _NON_DATE_FUNCTIONS:
            self.fail(messages.unknown_function(call.shown()))
            return None
        if field.kind is FieldKind.DATE:
            if folded in _NON_DATE_FUNCTIONS:
                self.fail(messages.function_date_invalid(call.name, name))
                return None
            try:
                return evaluate_date_function(call.name, call.args, self.now)
            except DateFunctionError as exc:
                self.fail(exc.message)
                return None
        if field.kind is FieldKind.KEY:
            self.fail(messages.function_issue_key_invalid(call.name, name))
        else:
            self.fail(messages.function_value_invalid(call.name, name))
        return None

    def literal(self, field: FieldDef, name: str, literal: Literal) -> Resolved | None:
        if field.kind is FieldKind.DATE:
            return self.date(name, literal)
        if field.kind is FieldKind.KEY:
            return self.key(name, literal)
        folded = literal.value.casefold()
        if field.kind is FieldKind.LABELS or folded in self.known[field.kind]:
            return folded
        # Jira reads an unquoted number as an id first; the catalog has names only, so no id matches.
        self.fail((messages.id_not_found if literal.number else messages.value_not_found)(literal.value, name))
        return None

    def date(self, name: str, literal: Literal) -> datetime | None:
        moment = from_epoch_millis(int(literal.value)) if literal.number else parse_date_value(literal.value, self.now)
        if moment is None:
            self.fail(messages.invalid_date(literal.value, name))
        return moment

    def key(self, name: str, literal: Literal) -> tuple[str, int] | int | None:
        """(project, number) for a key, or the bare id when ids cannot be resolved to keys."""
        text = literal.value.strip()
        is_id = text.isascii() and text.isdigit()
        if not is_id and split_issue_key(text) is None:
            self.fail(messages.invalid_issue_key(literal.value, name))
            return None
        if self.resolve_issue is None:
            return int(text) if is_id else split_issue_key(text)
        resolved = self.resolve_issue(text)
        parts = None if resolved is None else split_issue_key(resolved)
        if parts is None:
            missing = messages.id_not_found if is_id else messages.issue_not_found
            self.fail(missing(literal.value, name))
        return parts

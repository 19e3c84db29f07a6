"""The JQL fields the simulator knows: their aliases, kinds, operators and sortability."""

from dataclasses import dataclass
from enum import Enum

from jiraex_jira_sim.jql.syntax_tree import Operator


class FieldKind(Enum):
    PROJECT = "project"
    KEY = "key"
    ISSUE_TYPE = "issuetype"
    STATUS = "status"
    PRIORITY = "priority"
    LABELS = "labels"
    DATE = "date"


@dataclass(frozen=True)
class FieldDef:
    kind: FieldKind
    attribute: str  # the JqlIssue attribute holding the value
    operators: frozenset[Operator]
    sortable: bool = True


_EQUALITY = frozenset(
    {Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN, Operator.IS, Operator.IS_NOT}
)
_RELATIONAL = frozenset(
    {Operator.GREATER_THAN, Operator.GREATER_THAN_EQUALS, Operator.LESS_THAN, Operator.LESS_THAN_EQUALS}
)

# Supported operators as Atlassian's JQL reference lists them per field (history operators WAS/CHANGED are
# not simulated, so they are reported as unsupported).
_PROJECT = FieldDef(FieldKind.PROJECT, "project_key", _EQUALITY)
_KEY = FieldDef(
    FieldKind.KEY, "key", frozenset({Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN}) | _RELATIONAL
)
_ISSUE_TYPE = FieldDef(FieldKind.ISSUE_TYPE, "issue_type", _EQUALITY)
_STATUS = FieldDef(FieldKind.STATUS, "status", _EQUALITY)
_PRIORITY = FieldDef(FieldKind.PRIORITY, "priority", _EQUALITY | _RELATIONAL)
_LABELS = FieldDef(FieldKind.LABELS, "labels", _EQUALITY, sortable=False)
_CREATED = FieldDef(FieldKind.DATE, "created", _EQUALITY | _RELATIONAL)
_UPDATED = FieldDef(FieldKind.DATE, "updated", _EQUALITY | _RELATIONAL)

FIELDS: dict[str, FieldDef] = {
    "project": _PROJECT,
    "key": _KEY,
    "issuekey": _KEY,
    "issue": _KEY,
    "id": _KEY,
    "issuetype": _ISSUE_TYPE,
    "type": _ISSUE_TYPE,
    "status": _STATUS,
    "priority": _PRIORITY,
    "labels": _LABELS,
    "created": _CREATED,
    "createddate": _CREATED,
    "updated": _UPDATED,
    "updateddate": _UPDATED,
}


def lookup_field(name: str) -> FieldDef | None:
    """The field a JQL name (any case, any alias) refers to."""
    return FIELDS.get(name.casefold())

"""The parsed form of a JQL query: small frozen nodes for clauses, operands and sort fields."""

from dataclasses import dataclass
from enum import Enum


class Operator(Enum):
    """JQL operators; the value is Jira's display string, used verbatim in its error messages."""

    EQUALS = "="
    NOT_EQUALS = "!="
    LIKE = "~"
    NOT_LIKE = "!~"
    GREATER_THAN = ">"
    GREATER_THAN_EQUALS = ">="
    LESS_THAN = "<"
    LESS_THAN_EQUALS = "<="
    IN = "in"
    NOT_IN = "not in"
    IS = "is"
    IS_NOT = "is not"
    WAS = "was"
    WAS_NOT = "was not"
    WAS_IN = "was in"
    WAS_NOT_IN = "was not in"
    CHANGED = "changed"


RELATIONAL = frozenset(
    {Operator.GREATER_THAN, Operator.GREATER_THAN_EQUALS, Operator.LESS_THAN, Operator.LESS_THAN_EQUALS}
)
LIST_OPERATORS = frozenset({Operator.IN, Operator.NOT_IN, Operator.WAS_IN, Operator.WAS_NOT_IN})


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Literal:
    """A single value: a bare word, a quoted string or a number."""

    value: str
    quoted: bool
    number: bool
    position: Position

    def shown(self) -> str:
        # Jira displays string operands in double quotes and numbers bare.
        return self.value if self.number else f'"{self.value}"'


@dataclass(frozen=True, slots=True)
class Empty:
    """EMPTY or NULL."""

    position: Position

    def shown(self) -> str:
        return "EMPTY"


@dataclass(frozen=True, slots=True)
class FunctionCall:
    name: str
    args: tuple[str, ...]
    position: Position

    def shown(self) -> str:
        return f"{self.name}({', '.join(self.args)})"


@dataclass(frozen=True, slots=True)
class ValueList:
    items: tuple["Operand", ...]
    position: Position

    def shown(self) -> str:
        return f"({', '.join(item.shown() for item in self.items)})"


Operand = Literal | Empty | FunctionCall | ValueList


@dataclass(frozen=True, slots=True)
class Terminal:
    """`field operator operand`; the operand is None only for CHANGED."""

    field: str
    operator: Operator
    operand: Operand | None
    position: Position


@dataclass(frozen=True, slots=True)
class And:
    clauses: tuple["Clause", ...]


@dataclass(frozen=True, slots=True)
class Or:
    clauses: tuple["Clause", ...]


@dataclass(frozen=True, slots=True)
class Not:
    clause: "Clause"


Clause = Terminal | And | Or | Not


@dataclass(frozen=True, slots=True)
class SortField:
    field: str
    descending: bool | None  # None: no ASC/DESC written, the field's default applies
    position: Position


@dataclass(frozen=True, slots=True)
class Query:
    where: Clause | None
    order_by: tuple[SortField, ...]

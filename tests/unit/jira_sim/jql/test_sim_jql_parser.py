"""Parser: tree shape, precedence, keywords, operands and ORDER BY (error wording: test_sim_jql_syntax_errors)."""

import pytest

from jiraex_jira_sim.jql.parser import parse
from jiraex_jira_sim.jql.syntax_tree import (
    And,
    Clause,
    Empty,
    FunctionCall,
    Literal,
    Not,
    Operator,
    Or,
    Position,
    SortField,
    Terminal,
    ValueList,
)


def shape(clause: Clause | None) -> object:
    """A compact rendering of a clause tree: terminals become their field name."""
    if isinstance(clause, Terminal):
        return clause.field
    if isinstance(clause, Not):
        return ("NOT", shape(clause.clause))
    if isinstance(clause, And):
        return ("AND", *(shape(child) for child in clause.clauses))
    if isinstance(clause, Or):
        return ("OR", *(shape(child) for child in clause.clauses))
    return clause


def where(text: str) -> Clause:
    tree = parse(text)
    assert tree.where is not None
    return tree.where


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = 1 AND b = 2 OR c = 3", ("OR", ("AND", "a", "b"), "c")),
        ("a = 1 OR b = 2 AND c = 3", ("OR", "a", ("AND", "b", "c"))),
        ("a = 1 OR b = 2 OR c = 3", ("OR", "a", "b", "c")),
        ("a = 1 AND b = 2 AND c = 3", ("AND", "a", "b", "c")),
        ("NOT a = 1 AND b = 2", ("AND", ("NOT", "a"), "b")),
        ("NOT a = 1 OR b = 2", ("OR", ("NOT", "a"), "b")),
        ("NOT (a = 1 OR b = 2)", ("NOT", ("OR", "a", "b"))),
        ("a = 1 AND (b = 2 OR c = 3)", ("AND", "a", ("OR", "b", "c"))),
        ("NOT NOT a = 1", ("NOT", ("NOT", "a"))),
        ("! a = 1 && b = 2 || c = 3", ("OR", ("AND", ("NOT", "a"), "b"), "c")),
        ("a = 1 & b = 2 | c = 3", ("OR", ("AND", "a", "b"), "c")),
        ("((a = 1))", "a"),
        ("a = 1 and b = 2 or not c = 3", ("OR", ("AND", "a", "b"), ("NOT", "c"))),
        ("a = 1 AnD b = 2 oR c = 3", ("OR", ("AND", "a", "b"), "c")),
    ],
)
def test_precedence_not_over_and_over_or(text: str, expected: object) -> None:
    assert shape(where(text)) == expected


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("a = x", Operator.EQUALS),
        ("a != x", Operator.NOT_EQUALS),
        ("a ~ x", Operator.LIKE),
        ("a !~ x", Operator.NOT_LIKE),
        ("a > x", Operator.GREATER_THAN),
        ("a >= x", Operator.GREATER_THAN_EQUALS),
        ("a < x", Operator.LESS_THAN),
        ("a <= x", Operator.LESS_THAN_EQUALS),
        ("a in (x)", Operator.IN),
        ("a IN (x)", Operator.IN),
        ("a not in (x)", Operator.NOT_IN),
        ("a NOT IN (x)", Operator.NOT_IN),
        ("a is EMPTY", Operator.IS),
        ("a is not EMPTY", Operator.IS_NOT),
        ("a IS NOT null", Operator.IS_NOT),
        ("a was x", Operator.WAS),
        ("a was not x", Operator.WAS_NOT),
        ("a was in (x)", Operator.WAS_IN),
        ("a was not in (x)", Operator.WAS_NOT_IN),
    ],
)
def test_operators(text: str, operator: Operator) -> None:
    clause = where(text)
    assert isinstance(clause, Terminal)
    assert clause.operator is operator


def test_changed_takes_no_operand() -> None:
    assert where("status changed") == Terminal("status", Operator.CHANGED, None, Position(1, 1))


def test_literal_flavours() -> None:
    clause = where("a in (word, \"quoted\", 'single', 42, -7, -7d)")
    assert isinstance(clause, Terminal)
    assert isinstance(clause.operand, ValueList)
    assert [(item.value, item.quoted, item.number) for item in clause.operand.items if isinstance(item, Literal)] == [
        ("word", False, False),
        ("quoted", True, False),
        ("single", True, False),
        ("42", False, True),
        ("-7", False, True),
        ("-7d", False, False),
    ]


def test_empty_and_null_are_the_empty_operand_in_any_case() -> None:
    for text in ("a = EMPTY", "a = empty", "a = NULL", "a is null"):
        clause = where(text)
        assert isinstance(clause, Terminal)
        assert isinstance(clause.operand, Empty)


def test_quoted_keywords_are_values() -> None:
    clause = where('a = "AND"')
    assert isinstance(clause, Terminal)
    assert clause.operand == Literal("AND", True, False, Position(1, 5))


def test_functions_and_nested_lists() -> None:
    clause = where('a in (startOfDay(-1), (b, c), endOfDay("+1d", x), now())')
    assert isinstance(clause, Terminal)
    assert isinstance(clause.operand, ValueList)
    first, nested, second, third = clause.operand.items
    assert first == FunctionCall("startOfDay", ("-1",), Position(1, 7))
    assert isinstance(nested, ValueList)
    assert nested.shown() == '("b", "c")'
    assert second == FunctionCall("endOfDay", ("+1d", "x"), Position(1, 31))
    assert third == FunctionCall("now", (), Position(1, 51))


def test_field_names_may_be_quoted_or_custom_fields() -> None:
    assert shape(where('"Story Points" = 3 AND cf[10020] = 2')) == ("AND", "Story Points", "cf[10020]")


def test_order_by_several_fields() -> None:
    tree = parse("project = A order by key ASC, created desc, updated")
    assert tree.order_by == (
        SortField("key", False, Position(1, 22)),
        SortField("created", True, Position(1, 31)),
        SortField("updated", None, Position(1, 45)),
    )


def test_bare_order_by_and_empty_query_have_no_where() -> None:
    assert parse("ORDER BY key").where is None
    assert parse("").where is None
    assert parse("   \n ").order_by == ()

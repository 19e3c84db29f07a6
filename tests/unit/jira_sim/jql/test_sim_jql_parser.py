"""Parser: tree shape, precedence, keywords, operands, ORDER BY, and Jira's syntax error wording."""

import pytest

from jiraex_jira_sim.jql import JqlError
from jiraex_jira_sim.jql.parser import MAX_NESTING, parse
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


# Jira's own expectations, from Atlassian's func test TestJqlParsing.testJqlParserErrors.
ATLASSIAN_SYNTAX_CASES = [
    (
        "a",
        "Expecting operator before the end of the query. The valid operators are '=', '!=', '<', '>', '<=', "
        "'>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
    ),
    (
        "a blah >",
        "Expecting operator but got 'blah'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', "
        "'!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 3)",
    ),
    ("a =a and j not is empty", "Expecting 'IN' but got 'is'. (line 1, character 16)"),
    ("a =a and j is ! empty", "Expecting 'NOT' but got '!'. (line 1, character 15)"),
    ("a =b order", "Expecting 'by' before the end of the query."),
    ("a =b order summary", "Expecting 'by' but got 'summary'. (line 1, character 12)"),
    ("a =b order by", "Expecting a field name at the end of the query."),
    (
        "a =b order by asc",
        "Expecting a field name but got 'asc'. You must surround 'asc' in quotation marks to use "
        "it as a field name. (line 1, character 15)",
    ),
    ("a =b order by ajsks blah", "Expecting either 'ASC' or 'DESC' but got 'blah'. (line 1, character 21)"),
    ('a =b order by "" desc', "A field name cannot be empty. (line 1, character 15)"),
    ("'' = c", "A field name cannot be empty. (line 1, character 1)"),
    ("a = ''()", "A function name cannot be empty. (line 1, character 5)"),
    ('a = ""()', "A function name cannot be empty. (line 1, character 5)"),
    ("cf", "Expecting '[' before the end of the query."),
    ("a = b and not (cf = 6)", "Expecting '[' but got '='. (line 1, character 19)"),
    ("cf[", "Expecting a custom field id (a positive number) before the end of the query."),
    ("cf[ = 9", "Expecting a custom field id (a positive number) but got '='. (line 1, character 5)"),
    ("cf[] = 1", "Expecting a custom field id (a positive number) but got ']'. (line 1, character 4)"),
    ("cf[29829k] = ", "Expecting a custom field id (a positive number) but got '29829k'. (line 1, character 4)"),
    ("cf[-29829] = ", "Expecting a custom field id (a positive number) but got '-29829'. (line 1, character 4)"),
    ("cf[29829 = world", "Expecting ']' but got '='. (line 1, character 10)"),
    ("cf[29829", "Expecting ']' before the end of the query."),
    ("a = func(", "Expecting ')' before the end of the query."),
    ("a = func(, and not (a = x)", "Expecting ')' but got ','. (line 1, character 10)"),
    ("b=func(bad", "Expecting ')' before the end of the query."),
    ("bas=func(bad,)", "Function argument must be specified. (line 1, character 14)"),
    ("bas=func(bad,", "Expecting a function argument at the end of the query."),
    (
        "k = func(!",
        "Expecting a function argument but got '!'. You must surround '!' in quotation marks to use it "
        "as an argument. (line 1, character 10)",
    ),
    ("k = func(abc, jk!)", "Expecting ')' or ',' but got '!'. (line 1, character 17)"),
    ("(a=b and c = d", "Expecting ')' before the end of the query."),
    ("a=b or (c=d and not l ~ kate", "Expecting ')' before the end of the query."),
    ("b in ((12, (288)", "Expecting ')' before the end of the query."),
    ("abc IN ((foo) abc = a", "Expecting ')' but got 'abc'. (line 1, character 15)"),
    ("a=", "Expecting either a value, list or function before the end of the query."),
    (
        "a=!",
        "Expecting either a value, list or function but got '!'. You must surround '!' in quotation marks to "
        "use it as a value. (line 1, character 3)",
    ),
    ("a=b c=d", "Expecting either 'OR' or 'AND' but got 'c'. (line 1, character 5)"),
    ("a=b !c=d", "Expecting either 'OR' or 'AND' but got '!'. (line 1, character 5)"),
    ("a=(a,", "Expecting either a value, list or function before the end of the query."),
    (
        "a=(a,(,bad))",
        "Expecting either a value, list or function but got ','. You must surround ',' in quotation "
        "marks to use it as a value. (line 1, character 7)",
    ),
    ("a = ((c,d), d, e, f, yyy) and", "Expecting a field name at the end of the query."),
    ('comment !~ "brenden" and', "Expecting a field name at the end of the query."),
    ('comment !~ "brenden" jack = jill', "Expecting either 'OR' or 'AND' but got 'jack'. (line 1, character 22)"),
    ('comment !~ "brenden" and cf[1000] = jill order by a desc b', "Expecting ',' but got 'b'. (line 1, character 58)"),
    (
        ", a = b",
        "Expecting a field name but got ','. You must surround ',' in quotation marks to use it as a field "
        "name. (line 1, character 1)",
    ),
    ("order by a desc d", "Expecting ',' but got 'd'. (line 1, character 17)"),
    ("[brenden] = a", "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 1)"),
    ("a = brenden and [78] = q", "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 17)"),
    ("comment ~ 'test", "The quoted string 'test' has not been completed. (line 1, character 11)"),
    ("comment ~ 'test\n", "The quoted string 'test ' has not been completed. (line 1, character 11)"),
    ('priority="test\nword', "The quoted string 'test word' has not been completed. (line 1, character 10)"),
    ("comment ~ '", "The quoted string has not been completed. (line 1, character 11)"),
    (
        "comme\\unt ~ 'test",
        "'\\un' is an illegal JQL escape sequence. The valid escape sequences are \\', \\\", "
        "\\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 6)",
    ),
    (
        "mine{www = qwwr",
        "The character '{' is a reserved JQL character. You must enclose it in a string or use the "
        "escape '\\u007b' instead. (line 1, character 5)",
    ),
    (
        "minewww# = qwwr",
        "The character '#' is a reserved JQL character. You must enclose it in a string or use the "
        "escape '\\u0023' instead. (line 1, character 8)",
    ),
    (
        "minewww = qwwr}",
        "The character '}' is a reserved JQL character. You must enclose it in a string or use the "
        "escape '\\u007d' instead. (line 1, character 15)",
    ),
    (
        "reporter=a/user/with/slash",
        "The character '/' is a reserved JQL character. You must enclose it in a string "
        "or use the escape '\\u002f' instead. (line 1, character 11)",
    ),
    (
        "minewww =\u007fqwwr",
        "The character 'U+007F' on line 1 at position 10 must be escaped. Use the escape "
        "'\\u007f' instead. (line 1, character 10)",
    ),
    (
        'mqwwr="\u007f this is broken"',
        "The character 'U+007F' on line 1 at position 8 must be escaped. Use the "
        "escape '\\u007f' instead. (line 1, character 8)",
    ),
    (
        "aaaaa=-3482094382084092840932809482",
        "'-3482094382084092840932809482' is not a valid number. Numbers must be "
        "between -9,223,372,036,854,775,808 and 9,223,372,036,854,775,807. (line 1, character 7)",
    ),
    (
        "summary ~ end",
        "'end' is a reserved JQL word. You must surround it in quotation marks to use it in a query. "
        "(line 1, character 11)",
    ),
    ('a not was "Open"', "Expecting 'IN' but got 'was'. (line 1, character 7)"),
]


@pytest.mark.parametrize(("text", "message"), ATLASSIAN_SYNTAX_CASES)
def test_syntax_errors_match_jira(text: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        parse(text)
    assert caught.value.messages == ["Error in the JQL Query: " + message]


# Real Jira responses quoted in public issues (bobcarroll/jira-client#277, turbot/steampipe-plugin-jira#200,
# checkmarx-ltd/cx-flow#736, dapplo/Dapplo.Jira#44, sooperset/mcp-atlassian#903).
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("project = A AND (status = Open", "Expecting ')' before the end of the query."),
        (
            "project = CF",
            "Expecting either a value, list or function but got 'CF'. You must surround 'CF' in "
            "quotation marks to use it as a value. (line 1, character 11)",
        ),
        (
            "project = OR AND x = y",
            "Expecting either a value, list or function but got 'OR'. You must surround 'OR' "
            "in quotation marks to use it as a value. (line 1, character 11)",
        ),
        (
            "project = AND status = Open",
            "Expecting either a value, list or function but got 'AND'. You must "
            "surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
        ),
        (
            "status in (In Progress)",
            "Expecting either a value, list or function but got 'In'. You must surround "
            "'In' in quotation marks to use it as a value. (line 1, character 12)",
        ),
        (
            "status = End to End Testing",
            "'End' is a reserved JQL word. You must surround it in quotation marks to "
            "use it in a query. (line 1, character 10)",
        ),
        (
            "(assignee = x ORDER BY updated DESC) AND project = A",
            "Expecting ')' but got 'ORDER'. (line 1, character 15)",
        ),
        ("project = A status = B", "Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 13)"),
        (
            "project in ()",
            "Expecting either a value, list or function but got ')'. You must surround ')' in "
            "quotation marks to use it as a value. (line 1, character 13)",
        ),
        (
            "project = A%",
            "The character '%' is a reserved JQL character. You must enclose it in a string or use the "
            "escape '\\u0025' instead. (line 1, character 12)",
        ),
        (
            "issuetype & status",
            "Expecting operator but got '&'. The valid operators are '=', '!=', '<', '>', '<=', "
            "'>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 11)",
        ),
    ],
)
def test_syntax_errors_seen_from_real_jira(text: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        parse(text)
    assert caught.value.messages == ["Error in the JQL Query: " + message]


def test_errors_on_later_lines_report_that_line() -> None:
    with pytest.raises(JqlError) as caught:
        parse("project = A\nAND status = Done\n  OR ) ")
    assert caught.value.messages[0].endswith("(line 3, character 6)")


def test_a_syntax_error_before_a_lexical_one_wins() -> None:
    with pytest.raises(JqlError) as caught:
        parse("a = b c %")
    assert "Expecting either 'OR' or 'AND' but got 'c'" in caught.value.messages[0]


def test_nesting_is_bounded_instead_of_overflowing_the_stack() -> None:
    deep = "(" * (MAX_NESTING + 1) + "a = b" + ")" * (MAX_NESTING + 1)
    with pytest.raises(JqlError) as caught:
        parse(deep)
    assert caught.value.messages[0].startswith("Error in the JQL Query: ")
    assert parse("(" * MAX_NESTING + "a = b" + ")" * MAX_NESTING).where is not None
    with pytest.raises(JqlError):
        parse("NOT " * 5000 + "a = b")

"""Parser errors worded exactly as Jira words them, with line and character, and bounded nesting."""

import pytest

from jiraex_jira_sim.jql import JqlError
from jiraex_jira_sim.jql.parser import MAX_NESTING, parse

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

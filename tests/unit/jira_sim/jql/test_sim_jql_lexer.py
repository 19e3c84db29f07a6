"""Tokenizer: token kinds, decoded values, Jira positions and lexical errors."""

import pytest

from jiraex_jira_sim.jql.lexer import tokenize
from jiraex_jira_sim.jql.tokens import TokenKind


def kinds_and_values(text: str) -> list[tuple[TokenKind, str]]:
    return [(token.kind, token.value) for token in tokenize(text)]


def test_simple_clause_tokens_and_positions() -> None:
    tokens = tokenize('project = "My Proj" AND key>=A-10')
    assert [(t.kind, t.text, t.value, t.column) for t in tokens] == [
        (TokenKind.WORD, "project", "project", 1),
        (TokenKind.OPERATOR, "=", "=", 9),
        (TokenKind.STRING, '"My Proj"', "My Proj", 11),
        (TokenKind.WORD, "AND", "AND", 21),
        (TokenKind.WORD, "key", "key", 25),
        (TokenKind.OPERATOR, ">=", ">=", 28),
        (TokenKind.WORD, "A-10", "A-10", 30),
        (TokenKind.EOF, "", "", 34),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=", "="),
        ("!=", "!="),
        ("~", "~"),
        ("!~", "!~"),
        ("<", "<"),
        ("<=", "<="),
        (">", ">"),
        (">=", ">="),
    ],
)
def test_operators(text: str, expected: str) -> None:
    token = tokenize(text)[0]
    assert (token.kind, token.text) == (TokenKind.OPERATOR, expected)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("!", TokenKind.BANG),
        ("&", TokenKind.AND_SYMBOL),
        ("&&", TokenKind.AND_SYMBOL),
        ("|", TokenKind.OR_SYMBOL),
        ("||", TokenKind.OR_SYMBOL),
        ("(", TokenKind.LPAREN),
        (")", TokenKind.RPAREN),
        (",", TokenKind.COMMA),
        ("[", TokenKind.LBRACKET),
        ("]", TokenKind.RBRACKET),
    ],
)
def test_punctuation(text: str, kind: TokenKind) -> None:
    tokens = tokenize(text)
    assert [token.kind for token in tokens] == [kind, TokenKind.EOF]


def test_symbols_need_no_spaces() -> None:
    assert kinds_and_values("a=b&&!c!=d") == [
        (TokenKind.WORD, "a"),
        (TokenKind.OPERATOR, "="),
        (TokenKind.WORD, "b"),
        (TokenKind.AND_SYMBOL, "&&"),
        (TokenKind.BANG, "!"),
        (TokenKind.WORD, "c"),
        (TokenKind.OPERATOR, "!="),
        (TokenKind.WORD, "d"),
        (TokenKind.EOF, ""),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("42", TokenKind.NUMBER),
        ("-7", TokenKind.NUMBER),
        ("-7d", TokenKind.WORD),
        ("4w", TokenKind.WORD),
        ("1.5", TokenKind.WORD),
        ("PROJ-12", TokenKind.WORD),
        ("-", TokenKind.WORD),
        ("9223372036854775807", TokenKind.NUMBER),
        ("-9223372036854775808", TokenKind.NUMBER),
    ],
)
def test_numbers_are_only_whole_bare_integers(text: str, kind: TokenKind) -> None:
    assert tokenize(text)[0].kind is kind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"double"', "double"),
        ("'single'", "single"),
        ('"it\'s"', "it's"),
        ("'say \"hi\"'", 'say "hi"'),
        (r'"a\"b"', 'a"b'),
        (r"'a\'b'", "a'b"),
        (r'"tab\there"', "tab\there"),
        (r'"line\nbreak"', "line\nbreak"),
        (r'"cr\r"', "cr\r"),
        (r'"back\\slash"', "back\\slash"),
        (r'"sp\ ace"', "sp ace"),
        (r'"\u0041\u00e9"', "Aé"),
        ('""', ""),
        ('"keeps AND or ( ) = chars %"', "keeps AND or ( ) = chars %"),
        ('"multi\nline"', "multi\nline"),
    ],
)
def test_quoted_strings_and_escapes(text: str, value: str) -> None:
    token = tokenize(text)[0]
    assert (token.kind, token.value) == (TokenKind.STRING, value)


def test_escapes_work_in_bare_words() -> None:
    token = tokenize(r"a\ b\u0025c")[0]
    assert (token.kind, token.value, token.text) == (TokenKind.WORD, "a b%c", r"a\ b\u0025c")


def test_positions_count_lines_and_characters() -> None:
    tokens = tokenize("project = A\n  AND\tstatus = Done")
    assert [(t.text, t.line, t.column) for t in tokens[3:5]] == [("AND", 2, 3), ("status", 2, 7)]


def test_unicode_words_are_plain_words() -> None:
    assert kinds_and_values("labels = größe")[2] == (TokenKind.WORD, "größe")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "project = 50%",
            "Error in the JQL Query: The character '%' is a reserved JQL character. You must enclose it in a "
            "string or use the escape '\\u0025' instead. (line 1, character 13)",
        ),
        (
            "a = b\nc = {",
            "Error in the JQL Query: The character '{' is a reserved JQL character. You must enclose it in a "
            "string or use the escape '\\u007b' instead. (line 2, character 5)",
        ),
        (
            "a = 'open",
            "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, character 5)",
        ),
        (
            "a = \\q",
            "Error in the JQL Query: '\\q' is an illegal JQL escape sequence. The valid escape sequences are \\', "
            "\\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 5)",
        ),
        (
            'a = "x\\u12g4"',
            "Error in the JQL Query: '\\u12g' is an illegal JQL escape sequence. The valid escape sequences are "
            "\\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 7)",
        ),
        (
            "a = x\\",
            "Error in the JQL Query: The escape sequence has not been completed. The valid escape sequences are "
            "\\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 6)",
        ),
        (
            "a = 9223372036854775808",
            "Error in the JQL Query: '9223372036854775808' is not a valid number. Numbers must be between "
            "-9,223,372,036,854,775,808 and 9,223,372,036,854,775,807. (line 1, character 5)",
        ),
        (
            "a = \x01",
            "Error in the JQL Query: The character 'U+0001' on line 1 at position 5 must be escaped. Use the "
            "escape '\\u0001' instead. (line 1, character 5)",
        ),
    ],
)
def test_lexical_errors_become_a_final_error_token(text: str, message: str) -> None:
    tokens = tokenize(text)
    assert tokens[-1].kind is TokenKind.ERROR
    assert tokens[-1].value == message


@pytest.mark.parametrize("char", list("{}*/%+^$#@?;"))
def test_every_reserved_character_is_refused(char: str) -> None:
    tokens = tokenize(f"ab{char}")
    assert [token.kind for token in tokens] == [TokenKind.WORD, TokenKind.ERROR]
    assert f"The character '{char}' is a reserved JQL character." in tokens[-1].value
    assert f"'\\u{ord(char):04x}'" in tokens[-1].value


def test_reserved_characters_are_fine_inside_quotes() -> None:
    assert tokenize('"{}*/%+^$#@?;"')[0].value == "{}*/%+^$#@?;"

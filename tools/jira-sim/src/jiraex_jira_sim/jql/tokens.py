"""Lexical vocabulary of JQL: token kinds, keywords, reserved words and reserved characters."""

from dataclasses import dataclass
from enum import Enum


class TokenKind(Enum):
    WORD = "word"  # bare (unquoted) string; may hold escapes
    STRING = "string"  # "double" or 'single' quoted string
    NUMBER = "number"  # bare digits with an optional leading '-'
    OPERATOR = "operator"  # = != ~ !~ < <= > >=
    BANG = "!"
    AND_SYMBOL = "&&"  # '&' or '&&'
    OR_SYMBOL = "||"  # '|' or '||'
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    LBRACKET = "["
    RBRACKET = "]"
    ERROR = "error"  # a lexical error, raised when the parser reaches it
    EOF = "eof"


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str  # the source text exactly as written (quotes included for strings)
    value: str  # the decoded value (escapes resolved, quotes removed)
    line: int  # 1-based
    column: int  # 1-based, Jira's "character"

    @property
    def keyword(self) -> str | None:
        """The lower-cased keyword this bare word spells, if any."""
        if self.kind is TokenKind.WORD and self.text.lower() in KEYWORDS:
            return self.text.lower()
        return None


# Words the JQL grammar itself uses; unquoted they cannot be values or field names.
KEYWORDS = frozenset(
    {"and", "or", "not", "empty", "null", "in", "is", "order", "by", "asc", "desc", "was", "changed", "cf"}
)

# Characters that end a bare word and are not tokens of their own: Jira says they must be quoted or escaped.
# Confirmed by Jira's own tests for '{', '}', '#', '/', '@', '%'; the rest follow JqlStringSupportImpl.
RESERVED_CHARACTERS = frozenset("{}*/%+^$#@?;")

# Characters that end a bare word because they start another token.
DELIMITERS = frozenset("\"'=!<>~(),[]|&")

# A token may not contain raw control characters other than whitespace.
WHITESPACE = frozenset(" \t\n\r\f")

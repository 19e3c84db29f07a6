"""Turns JQL text into tokens with Jira's line/character positions; lexical errors become ERROR tokens."""

from bisect import bisect_right

from jiraex_jira_sim.jql import messages
from jiraex_jira_sim.jql.tokens import DELIMITERS, RESERVED_CHARACTERS, WHITESPACE, Token, TokenKind

_SIMPLE_ESCAPES = {"'": "'", '"': '"', "t": "\t", "n": "\n", "r": "\r", "\\": "\\", " ": " "}
_HEX = frozenset("0123456789abcdefABCDEF")
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_PUNCTUATION = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    ",": TokenKind.COMMA,
    "[": TokenKind.LBRACKET,
    "]": TokenKind.RBRACKET,
}


class _EscapeError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _is_control(char: str) -> bool:
    # Jira's grammar refuses raw C0/C1 control characters (whitespace excepted) and the Unicode non-characters.
    code = ord(char)
    return (code < 0x20 and char not in WHITESPACE) or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []
        # Offsets where lines start, so a position maps to (line, character) in O(log n) even for huge queries.
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]

    def location(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def emit(self, kind: TokenKind, start: int, value: str | None = None) -> None:
        text = self.text[start : self.pos]
        line, column = self.location(start)
        self.tokens.append(Token(kind, text, text if value is None else value, line, column))

    def error(self, message: str, start: int) -> list[Token]:
        line, column = self.location(start)
        self.tokens.append(Token(TokenKind.ERROR, "", messages.PARSE_PREFIX + message, line, column))
        return self.tokens

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            start, char = self.pos, text[self.pos]
            if char in WHITESPACE:
                self.pos += 1
            elif char in "\"'":
                if not self.quoted(char):
                    return self.tokens
            elif char in DELIMITERS:
                self.symbol(char)
            elif char in RESERVED_CHARACTERS:
                return self.error(messages.reserved_character(char, *self.location(start)), start)
            elif _is_control(char):
                return self.error(messages.control_character(char, *self.location(start)), start)
            elif not self.word():
                return self.tokens
        self.tokens.append(Token(TokenKind.EOF, "", "", *self.location(len(text))))
        return self.tokens

    def symbol(self, char: str) -> None:
        start = self.pos
        following = self.text[start + 1 : start + 2]
        self.pos += 1
        if (char in "!<>" and following == "=") or (char == "!" and following == "~"):
            self.pos += 1
            self.emit(TokenKind.OPERATOR, start)
        elif char == "!":
            self.emit(TokenKind.BANG, start)
        elif char in "=~<>":
            self.emit(TokenKind.OPERATOR, start)
        elif char in "&|":
            if following == char:
                self.pos += 1
            self.emit(TokenKind.AND_SYMBOL if char == "&" else TokenKind.OR_SYMBOL, start)
        else:
            self.emit(_PUNCTUATION[char], start)

    def escape(self) -> str:
        """Decode the escape whose backslash is at self.pos and advance past it."""
        text, start = self.text, self.pos
        if start + 1 >= len(text):
            raise _EscapeError(messages.unfinished_escape(*self.location(start)))
        marker = text[start + 1]
        if marker in _SIMPLE_ESCAPES:
            self.pos += 2
            return _SIMPLE_ESCAPES[marker]
        if marker == "u":
            digits = text[start + 2 : start + 6]
            good = 0
            while good < len(digits) and digits[good] in _HEX:
                good += 1
            if good == 4:
                self.pos += 6
                return chr(int(digits, 16))
            # Jira quotes the sequence up to and including the first character that is not a hex digit.
            raise _EscapeError(messages.illegal_escape(text[start : start + 3 + good], *self.location(start)))
        raise _EscapeError(messages.illegal_escape(text[start : start + 2], *self.location(start)))

    def quoted(self, quote: str) -> bool:
        text, start = self.text, self.pos
        self.pos += 1
        parts: list[str] = []
        while self.pos < len(text):
            char = text[self.pos]
            if char == quote:
                self.pos += 1
                self.emit(TokenKind.STRING, start, "".join(parts))
                return True
            if char == "\\":
                try:
                    parts.append(self.escape())
                except _EscapeError as exc:
                    self.error(exc.message, self.pos)
                    return False
                continue
            if _is_control(char):
                self.error(messages.control_character(char, *self.location(self.pos)), self.pos)
                return False
            parts.append(char)
            self.pos += 1
        line, column = self.location(start)
        self.error(messages.unfinished_string(text[start + 1 :], line, column), start)
        return False

    def word(self) -> bool:
        text, start = self.text, self.pos
        parts: list[str] = []
        while self.pos < len(text):
            char = text[self.pos]
            if char in WHITESPACE or char in DELIMITERS or char in RESERVED_CHARACTERS or _is_control(char):
                break
            if char == "\\":
                try:
                    parts.append(self.escape())
                except _EscapeError as exc:
                    self.error(exc.message, self.pos)
                    return False
                continue
            parts.append(char)
            self.pos += 1
        raw = text[start : self.pos]
        digits = raw[1:] if raw.startswith("-") else raw
        if digits.isascii() and digits.isdigit():
            if not _LONG_MIN <= int(raw) <= _LONG_MAX:
                self.error(messages.invalid_number(raw, *self.location(start)), start)
                return False
            self.emit(TokenKind.NUMBER, start)
        else:
            self.emit(TokenKind.WORD, start, "".join(parts))
        return True


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, ending with EOF, or with an ERROR token at the first lexical error."""
    return _Lexer(text).run()

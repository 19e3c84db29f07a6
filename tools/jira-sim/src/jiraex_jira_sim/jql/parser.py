"""Recursive-descent JQL parser (precedence NOT > AND > OR) that raises Jira's syntax errors."""

from jiraex_jira_sim.jql import messages
from jiraex_jira_sim.jql.errors import JqlError
from jiraex_jira_sim.jql.lexer import tokenize
from jiraex_jira_sim.jql.reserved_words import RESERVED_WORDS
from jiraex_jira_sim.jql.syntax_tree import (
    And,
    Clause,
    Empty,
    FunctionCall,
    Literal,
    Not,
    Operand,
    Operator,
    Or,
    Position,
    Query,
    SortField,
    Terminal,
    ValueList,
)
from jiraex_jira_sim.jql.tokens import Token, TokenKind

_SYMBOL_OPERATORS = {op.value: op for op in Operator if not op.value[0].isalpha()}
_VALUE_KINDS = (TokenKind.WORD, TokenKind.STRING, TokenKind.NUMBER)
MAX_NESTING = 100


def _position(token: Token) -> Position:
    return Position(token.line, token.column)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    # --- token access ------------------------------------------------------------------------------------

    def peek(self) -> Token:
        # The token list ends with EOF or with an ERROR token, so reading past the end repeats that token.
        token = self.tokens[min(self.index, len(self.tokens) - 1)]
        if token.kind is TokenKind.ERROR:
            raise JqlError([token.value])
        return token

    def advance(self) -> Token:
        token = self.peek()
        self.index += 1
        return token

    def at_keyword(self, *words: str) -> bool:
        return self.peek().keyword in words

    def fail(self, message: str) -> JqlError:
        return JqlError([messages.PARSE_PREFIX + message])

    def expect_text(self, expected: str, kind: TokenKind | None = None, keyword: str | None = None) -> Token:
        token = self.peek()
        if (kind is not None and token.kind is kind) or (keyword is not None and token.keyword == keyword):
            return self.advance()
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_text_at_end(expected))
        raise self.fail(messages.expecting_text(expected, token.text, token.line, token.column))

    def check_reserved(self, token: Token) -> None:
        if token.kind is TokenKind.WORD and token.text.lower() in RESERVED_WORDS:
            raise self.fail(messages.reserved_word(token.text, token.line, token.column))

    # --- grammar -----------------------------------------------------------------------------------------

    def query(self) -> Query:
        where = None if self.at_keyword("order") or self.peek().kind is TokenKind.EOF else self.or_clause()
        order_by: tuple[SortField, ...] = ()
        if self.at_keyword("order"):
            order_by = self.order_by()
        token = self.peek()
        if token.kind is not TokenKind.EOF:
            raise self.fail(messages.expecting_logical_operator(token.text, token.line, token.column))
        return Query(where, order_by)

    def or_clause(self) -> Clause:
        clauses = [self.and_clause()]
        while self.at_keyword("or") or self.peek().kind is TokenKind.OR_SYMBOL:
            self.advance()
            clauses.append(self.and_clause())
        return clauses[0] if len(clauses) == 1 else Or(tuple(clauses))

    def and_clause(self) -> Clause:
        clauses = [self.not_clause()]
        while self.at_keyword("and") or self.peek().kind is TokenKind.AND_SYMBOL:
            self.advance()
            clauses.append(self.not_clause())
        return clauses[0] if len(clauses) == 1 else And(tuple(clauses))

    def not_clause(self) -> Clause:
        if self.at_keyword("not") or self.peek().kind is TokenKind.BANG:
            self.enter(self.advance())
            clause = Not(self.not_clause())
            self.depth -= 1
            return clause
        if self.peek().kind is TokenKind.LPAREN:
            self.enter(self.advance())
            inner = self.or_clause()
            self.expect_text(")", kind=TokenKind.RPAREN)
            self.depth -= 1
            return inner
        return self.terminal()

    def enter(self, token: Token) -> None:
        # Bounds recursion so a hostile query gets a 400, not a RecursionError. Jira has its own complexity
        # limit; this wording is the simulator's, as Jira's text for it could not be confirmed.
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"The query is nested too deeply. {messages.at(token.line, token.column)}")

    def terminal(self) -> Terminal:
        start = self.peek()
        field = self.field_name()
        operator = self.operator()
        operand = None if operator is Operator.CHANGED else self.operand()
        return Terminal(field, operator, operand, _position(start))

    def field_name(self) -> str:
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_field_at_end())
        if token.keyword == "cf":
            return self.custom_field()
        if token.kind in _VALUE_KINDS and token.keyword is None:
            self.check_reserved(token)
            if token.kind is TokenKind.STRING and not token.value:
                raise self.fail(messages.empty_field_name(token.line, token.column))
            self.advance()
            return token.value
        raise self.fail(messages.expecting_field(token.text, token.line, token.column))

    def custom_field(self) -> str:
        self.advance()
        self.expect_text("[", kind=TokenKind.LBRACKET)
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_custom_field_id_at_end())
        if token.kind is not TokenKind.NUMBER or token.text.startswith("-"):
            raise self.fail(messages.expecting_custom_field_id(token.text, token.line, token.column))
        self.advance()
        self.expect_text("]", kind=TokenKind.RBRACKET)
        return f"cf[{token.text}]"

    def operator(self) -> Operator:
        token = self.peek()
        if token.kind is TokenKind.OPERATOR:
            self.advance()
            return _SYMBOL_OPERATORS[token.text]
        keyword = token.keyword
        if keyword == "in":
            self.advance()
            return Operator.IN
        if keyword == "not":
            self.advance()
            self.expect_text("IN", keyword="in")
            return Operator.NOT_IN
        if keyword == "is":
            self.advance()
            if self.peek().kind is TokenKind.BANG:
                self.expect_text("NOT", keyword="not")
            if self.at_keyword("not"):
                self.advance()
                return Operator.IS_NOT
            return Operator.IS
        if keyword == "was":
            return self.was_operator()
        if keyword == "changed":
            self.advance()
            return Operator.CHANGED
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_operator_at_end())
        raise self.fail(messages.expecting_operator(token.text, token.line, token.column))

    def was_operator(self) -> Operator:
        self.advance()
        negated = self.at_keyword("not")
        if negated:
            self.advance()
        if self.at_keyword("in"):
            self.advance()
            return Operator.WAS_NOT_IN if negated else Operator.WAS_IN
        return Operator.WAS_NOT if negated else Operator.WAS

    def operand(self) -> Operand:
        token = self.peek()
        if token.kind is TokenKind.LPAREN:
            return self.value_list()
        if token.keyword in ("empty", "null"):
            self.advance()
            return Empty(_position(token))
        if token.kind in _VALUE_KINDS and token.keyword is None:
            self.check_reserved(token)
            self.advance()
            if self.peek().kind is TokenKind.LPAREN and token.kind is not TokenKind.NUMBER:
                return self.function_call(token)
            return Literal(
                token.value, token.kind is TokenKind.STRING, token.kind is TokenKind.NUMBER, _position(token)
            )
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_operand_at_end())
        raise self.fail(messages.expecting_operand(token.text, token.line, token.column))

    def value_list(self) -> ValueList:
        start = self.advance()
        items = [self.operand()]
        while True:
            token = self.peek()
            if token.kind is TokenKind.RPAREN:
                self.advance()
                return ValueList(tuple(items), _position(start))
            if token.kind is not TokenKind.COMMA:
                self.expect_text(")", kind=TokenKind.RPAREN)
            self.advance()
            items.append(self.operand())

    def function_call(self, name: Token) -> FunctionCall:
        if not name.value:
            raise self.fail(messages.empty_function_name(name.line, name.column))
        self.advance()  # '('
        args: list[str] = []
        if self.peek().kind is not TokenKind.RPAREN:
            if self.peek().kind in (TokenKind.COMMA, TokenKind.EOF):
                self.expect_text(")", kind=TokenKind.RPAREN)
            args.append(self.argument())
            while self.peek().kind is TokenKind.COMMA:
                self.advance()
                token = self.peek()
                if token.kind is TokenKind.RPAREN:
                    raise self.fail(messages.missing_argument(token.line, token.column))
                args.append(self.argument())
            token = self.peek()
            if token.kind not in (TokenKind.RPAREN, TokenKind.EOF):
                raise self.fail(messages.expecting_argument_separator(token.text, token.line, token.column))
        self.expect_text(")", kind=TokenKind.RPAREN)
        return FunctionCall(name.value, tuple(args), _position(name))

    def argument(self) -> str:
        token = self.peek()
        if token.kind in _VALUE_KINDS:
            self.advance()
            return token.value
        if token.kind is TokenKind.EOF:
            raise self.fail(messages.expecting_argument_at_end())
        raise self.fail(messages.expecting_argument(token.text, token.line, token.column))

    def order_by(self) -> tuple[SortField, ...]:
        self.advance()  # 'order'
        self.expect_text("by", keyword="by")
        fields = []
        while True:
            start = self.peek()
            name = self.field_name()
            descending = None
            if self.at_keyword("asc", "desc"):
                descending = self.advance().keyword == "desc"
            fields.append(SortField(name, descending, _position(start)))
            token = self.peek()
            if token.kind is TokenKind.EOF:
                return tuple(fields)
            if token.kind is not TokenKind.COMMA:
                if descending is None:
                    raise self.fail(messages.expecting_sort_order(token.text, token.line, token.column))
                self.expect_text(",", kind=TokenKind.COMMA)
            self.advance()


def parse(text: str) -> Query:
    """The syntax tree of `text`; raises JqlError with Jira's wording on the first syntax error."""
    return _Parser(text).query()

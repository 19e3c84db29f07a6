"""Jira wiki markup inside a line: marks, links, mentions, images, escapes, monospace, bare URLs."""

import re
from dataclasses import dataclass

# One alternation scanned left to right; at a given position the first alternative that matches wins.
# A backslash escapes only markup characters, so Windows paths ("C:\Users\x") keep their backslashes.
_INLINE = re.compile(
    r"""
    (?P<br>\\\\)
  | \\(?P<escaped>[*_{}\[\]|!^~+\-?#()])
  | \{\{(?P<mono>.{1,4000}?)\}\}
  | (?P<color>\{color(?::[^{}\n]{0,40})?\})
  | \[(?P<link>[^\[\]\n]{1,2000})\]
  | !(?P<image>[^!\s|][^!\n]{0,500}?)!
  | (?P<url>\b(?:https?|ftp)://[^\s<>\[\]|"'{}]+)
  | (?<![\w\\])(?P<mark>\?\?|[*_\-+^~])(?=\S)(?P<body>.{1,2000}?)(?<=\S)(?P=mark)(?!\w)
    """,
    re.VERBOSE,
)
MARK_TAGS = {"*": "strong", "_": "em", "??": "cite", "-": "del", "+": "ins", "^": "sup", "~": "sub"}
_MAX_NESTING = 8


@dataclass(frozen=True, slots=True)
class Token:
    """``kind`` is text, break, code, mark, link, mention, attachment or image.

    ``text`` holds the literal text, code, URL or file name; ``tag`` the HTML tag of a mark; ``children``
    the tokens inside a mark or a link's label.
    """

    kind: str
    text: str = ""
    tag: str = ""
    children: tuple["Token", ...] = ()


def _link(body: str, depth: int) -> Token:
    if body.startswith("~"):
        return Token("mention", body[1:].strip())
    if body.startswith("^"):
        return Token("attachment", body[1:].strip())
    label, bar, target = body.partition("|")
    if not bar:
        return Token("link", body.strip(), children=(Token("text", body.strip()),))
    target = target.split("|", 1)[0].strip()
    if target.startswith("^"):
        return Token("attachment", target[1:].strip(), children=tokenize(label, depth + 1))
    return Token("link", target, children=tokenize(label, depth + 1))


def _token(match: re.Match[str], depth: int) -> Token | None:
    group = match.lastgroup
    if group == "br":
        return Token("break")
    if group == "escaped":
        return Token("text", match.group("escaped"))
    if group == "mono":
        return Token("code", match.group("mono"))
    if group == "color":
        return None  # colour macros only style text; the text between them is kept
    if group == "link":
        return _link(match.group("link"), depth)
    if group == "image":
        return Token("image", match.group("image").split("|", 1)[0].strip())
    if group == "url":
        return Token("link", match.group("url"), children=(Token("text", match.group("url")),))
    body = match.group("body")
    return Token("mark", tag=MARK_TAGS[match.group("mark")], children=tokenize(body, depth + 1))


def tokenize(text: str, depth: int = 0) -> tuple[Token, ...]:
    """Split one paragraph's text into tokens; newlines become ``break`` tokens."""
    if depth >= _MAX_NESTING:
        return (Token("text", text),)
    tokens: list[Token] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            tokens.extend(_plain(text[position : match.start()]))
        token = _token(match, depth)
        if token is not None:
            tokens.append(token)
        position = match.end()
    if position < len(text):
        tokens.extend(_plain(text[position:]))
    return tuple(tokens)


def _plain(text: str) -> list[Token]:
    tokens: list[Token] = []
    for index, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if index:
            tokens.append(Token("break"))
        if line:
            tokens.append(Token("text", line))
    return tokens

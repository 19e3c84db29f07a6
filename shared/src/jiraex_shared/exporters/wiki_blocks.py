"""Jira wiki markup (REST v2 rich text) split into blocks: headings, lists, tables, code, quotes, panels."""

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"h([1-6])\.\s*(.*)$")
_QUOTE_LINE = re.compile(r"bq\.\s*(.*)$")
_RULE = re.compile(r"-{4,}\s*$")
_LIST = re.compile(r"([*#]+|-)\s+(.*)$")
_TABLE = re.compile(r"\|")
# {code}, {code:java}, {noformat}, {quote}, {panel:title=x}: the macro name and its parameters.
_MACRO = re.compile(r"\{(code|noformat|quote|panel)(?::([^}]*))?\}", re.IGNORECASE)
_MAX_NESTING = 8


@dataclass(frozen=True, slots=True)
class Block:
    """``kind`` is paragraph, heading, list, table, code, noformat, quote, panel or rule.

    ``text`` is the raw inline text (paragraph/heading) or the literal content (code/noformat);
    ``items`` holds (markers, text) per list line; ``rows`` holds per table row (is_header, text) cells;
    ``children`` the blocks inside a quote or panel; ``param`` the code language or panel title.
    """

    kind: str
    text: str = ""
    level: int = 0
    param: str = ""
    items: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[tuple[bool, str], ...], ...] = ()
    children: tuple["Block", ...] = field(default=())


def split_row(line: str) -> tuple[tuple[bool, str], ...]:
    """Cells of a table row; ``||`` starts a header cell, ``|`` a data cell; bars in links or {{}} stay."""
    cells: list[tuple[bool, str]] = []
    text = line.strip()
    position, depth, current, header = 0, 0, [], False
    started = False
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            current.append(text[position : position + 2])
            position += 2
            continue
        if char in "[{":
            depth += 1
        elif char in "]}" and depth:
            depth -= 1
        if char == "|" and depth == 0:
            if started:
                cells.append((header, "".join(current).strip()))
            double = text.startswith("||", position)
            header, current, started = double, [], True
            position += 2 if double else 1
            continue
        current.append(char)
        position += 1
    tail = "".join(current).strip()
    if started and tail:
        cells.append((header, tail))
    return tuple(cells)


def _macro_params(raw: str | None) -> str:
    """The code language (first bare parameter) or the panel/code ``title=``."""
    if not raw:
        return ""
    params = [p.strip() for p in raw.split("|")]
    bare = [p for p in params if "=" not in p]
    titles = [p.split("=", 1)[1] for p in params if p.lower().startswith("title=")]
    return (bare or titles or [""])[0]


def _starts_block(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _HEADING.match(stripped)
        or _QUOTE_LINE.match(stripped)
        or _RULE.match(stripped)
        or _LIST.match(stripped)
        or stripped.startswith("|")
        or _MACRO.match(stripped)
    )


def _closing(lines: list[str], start: int, name: str, first_rest: str) -> tuple[str, int]:
    """Content up to the closing ``{name}``; returns it and the index of the line after it."""
    closer = "{" + name.lower() + "}"
    collected: list[str] = []
    rest = first_rest
    index = start
    while True:
        found = rest.lower().find(closer)
        if found >= 0:
            collected.append(rest[:found])
            return "\n".join(collected).strip("\n"), index + 1
        collected.append(rest)
        index += 1
        if index >= len(lines):
            return "\n".join(collected).strip("\n"), index
        rest = lines[index]


def parse_blocks(text: str, depth: int = 0) -> list[Block]:
    """The blocks of a wiki-markup text, in order; anything unrecognised is a paragraph."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped:
            index += 1
            continue
        macro = _MACRO.match(stripped)
        if macro:
            name = macro.group(1).lower()
            content, index = _closing(lines, index, name, stripped[macro.end() :])
            param = _macro_params(macro.group(2))
            if name in ("code", "noformat"):
                blocks.append(Block(name, text=content, param=param))
            else:
                inner = (
                    tuple(parse_blocks(content, depth + 1))
                    if depth < _MAX_NESTING
                    else (Block("paragraph", content),)
                )
                blocks.append(Block(name, param=param, children=inner))
            continue
        if heading := _HEADING.match(stripped):
            blocks.append(Block("heading", text=heading.group(2), level=int(heading.group(1))))
            index += 1
        elif quote := _QUOTE_LINE.match(stripped):
            blocks.append(Block("quote", children=(Block("paragraph", text=quote.group(1)),)))
            index += 1
        elif _RULE.match(stripped):
            blocks.append(Block("rule"))
            index += 1
        elif _LIST.match(stripped):
            items = []
            while index < len(lines) and (item := _LIST.match(lines[index].strip())):
                items.append((item.group(1), item.group(2)))
                index += 1
            blocks.append(Block("list", items=tuple(items)))
        elif stripped.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(split_row(lines[index]))
                index += 1
            blocks.append(Block("table", rows=tuple(r for r in rows if r)))
        else:
            paragraph = [lines[index]]
            index += 1
            while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
                paragraph.append(lines[index])
                index += 1
            blocks.append(Block("paragraph", text="\n".join(line.strip() for line in paragraph)))
    return blocks

"""Jira wiki markup to readable plain text: markup removed, escapes resolved, links as "label (url)"."""

from collections.abc import Iterable

from jiraex_shared.exporters.wiki_blocks import Block, parse_blocks
from jiraex_shared.exporters.wiki_inline import Token, tokenize


def wiki_to_text(text: str) -> str:
    """The text of a wiki-markup string: one line per block, lists as "- "/"1. ", tables " | "-joined."""
    return "\n".join(part for part in (_block(b) for b in parse_blocks(text)) if part)


def _tokens(tokens: Iterable[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.kind in ("text", "code"):
            parts.append(token.text)
        elif token.kind == "break":
            parts.append("\n")
        elif token.kind == "mark":
            parts.append(_tokens(token.children))
        elif token.kind == "link":
            label = _tokens(token.children)
            parts.append(token.text if not label or label == token.text else f"{label} ({token.text})")
        elif token.kind == "mention":
            parts.append(f"@{token.text}")
        elif token.kind in ("attachment", "image"):
            parts.append(f"[attachment: {token.text}]")
    return "".join(parts)


def _inline(text: str) -> str:
    return _tokens(tokenize(text))


def _list(items: tuple[tuple[str, str], ...]) -> str:
    lines = []
    levels: list[tuple[str, int]] = []  # (marker, items so far) per depth; a new marker restarts numbering
    for raw_markers, text in items:
        markers = "*" if raw_markers == "-" else raw_markers
        depth = len(markers)
        del levels[depth:]
        while len(levels) < depth:
            levels.append((markers[len(levels)], 0))
        marker, count = levels[depth - 1]
        count = count + 1 if marker == markers[-1] else 1
        levels[depth - 1] = (markers[-1], count)
        bullet = f"{count}." if markers[-1] == "#" else "-"
        lines.append(f"{'  ' * (depth - 1)}{bullet} {_inline(text)}")
    return "\n".join(lines)


def _block(block: Block) -> str:
    if block.kind in ("paragraph", "heading"):
        return _inline(block.text)
    if block.kind == "list":
        return _list(block.items)
    if block.kind == "table":
        return "\n".join(" | ".join(_inline(text) for _, text in row) for row in block.rows)
    if block.kind in ("code", "noformat"):
        return block.text
    if block.kind in ("quote", "panel"):
        inner = "\n".join(part for part in (_block(b) for b in block.children) if part)
        return f"{block.param}\n{inner}" if block.param and block.kind == "panel" else inner
    if block.kind == "rule":
        return "----"
    return block.text

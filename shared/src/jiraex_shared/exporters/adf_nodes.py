"""Facts about Atlassian Document Format nodes shared by the ADF text and HTML renderers."""

from datetime import UTC, datetime
from typing import Any

# Node types that sit inside a paragraph; everything else is a block.
INLINE_TYPES = frozenset(
    {
        "text",
        "hardBreak",
        "mention",
        "emoji",
        "inlineCard",
        "date",
        "status",
        "mediaInline",
        "placeholder",
        "inlineExtension",
    }
)
# Past this nesting depth a subtree is rendered as its plain text, so hostile input cannot exhaust the stack.
MAX_DEPTH = 48


def is_adf(value: object) -> bool:
    """True for an ADF document (``{"type": "doc", "content": [...]}``) as REST v3 returns rich text."""
    return isinstance(value, dict) and value.get("type") == "doc" and isinstance(value.get("content"), list)


def children(node: dict[str, Any]) -> list[dict[str, Any]]:
    content = node.get("content")
    return [c for c in content if isinstance(c, dict)] if isinstance(content, list) else []


def attrs(node: dict[str, Any]) -> dict[str, Any]:
    value = node.get("attrs")
    return value if isinstance(value, dict) else {}


def attr_text(node: dict[str, Any], *names: str) -> str:
    """The first non-empty string among the node's attributes ``names``."""
    found = attrs(node)
    for name in names:
        value = found.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


def date_text(node: dict[str, Any]) -> str:
    """A ``date`` node's day as YYYY-MM-DD (its timestamp is epoch milliseconds, UTC)."""
    raw = attrs(node).get("timestamp")
    if raw is None:
        return ""
    try:
        return datetime.fromtimestamp(int(raw) / 1000, UTC).strftime("%Y-%m-%d")
    except (TypeError, ValueError, OverflowError, OSError):
        return str(raw)


def media_name(node: dict[str, Any]) -> str:
    """What a media node refers to: its alt text (usually the file name) or its id."""
    return attr_text(node, "alt", "id", "url")


def plain_text(node: dict[str, Any]) -> str:
    """Every text in a subtree, iteratively (no recursion), for nodes nested too deep to render."""
    parts: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        text = current.get("text")
        if isinstance(text, str):
            parts.append(text)
        stack.extend(reversed(children(current)))
    return " ".join(parts)

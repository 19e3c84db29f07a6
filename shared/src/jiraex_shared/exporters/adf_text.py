"""Atlassian Document Format (REST v3 rich text) to readable plain text, for CSV cells."""

from typing import Any

from jiraex_shared.exporters.adf_nodes import (
    INLINE_TYPES,
    MAX_DEPTH,
    attr_text,
    attrs,
    children,
    date_text,
    media_name,
    plain_text,
)


def adf_to_text(doc: dict[str, Any]) -> str:
    """The document's text: one line per block, lists as "- " / "1. ", tables as " | "-joined cells."""
    return _block(doc, 0).strip("\n")


def _inline(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind == "text":
        text = node.get("text")
        return text if isinstance(text, str) else ""
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        name = attr_text(node, "text", "id")
        return name if name.startswith("@") else f"@{name}"
    if kind == "emoji":
        return attr_text(node, "text", "shortName")
    if kind == "inlineCard":
        return attr_text(node, "url")
    if kind == "date":
        return date_text(node)
    if kind == "status":
        return attr_text(node, "text")
    if kind == "mediaInline":
        return f"[attachment: {media_name(node)}]"
    if kind == "inlineExtension":
        return f"[{attr_text(node, 'extensionKey') or 'extension'}]"
    return ""


def _inline_run(nodes: list[dict[str, Any]]) -> str:
    return "".join(_inline(n) if n.get("type") in INLINE_TYPES else plain_text(n) for n in nodes)


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n") or [""]
    return "\n".join([first + lines[0], *(rest + line for line in lines[1:])])


def _list(node: dict[str, Any], depth: int, ordered: bool) -> str:
    start = attrs(node).get("order", 1)
    number = start if isinstance(start, int) and not isinstance(start, bool) else 1
    lines = []
    for offset, item in enumerate(children(node)):
        if item.get("type") == "taskItem":
            marker = "[x] " if attrs(item).get("state") == "DONE" else "[ ] "
            body = _inline_run(children(item))
        else:
            marker = f"{number + offset}. " if ordered else "- "
            body = _blocks(children(item), depth + 1)
        lines.append(_indent(body, marker, " " * len(marker)))
    return "\n".join(lines)


def _table(node: dict[str, Any], depth: int) -> str:
    rows = []
    for row in children(node):
        cells = [_blocks(children(cell), depth + 2).replace("\n", " ") for cell in children(row)]
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _blocks(nodes: list[dict[str, Any]], depth: int) -> str:
    parts: list[str] = []
    run: list[dict[str, Any]] = []
    for node in nodes:
        if node.get("type") in INLINE_TYPES:
            run.append(node)
            continue
        if run:
            parts.append(_inline_run(run))
            run = []
        parts.append(_block(node, depth))
    if run:
        parts.append(_inline_run(run))
    return "\n".join(p for p in parts if p != "")


def _block(node: dict[str, Any], depth: int) -> str:
    if depth > MAX_DEPTH:
        return plain_text(node)
    kind = node.get("type")
    if kind in ("paragraph", "heading"):
        return _inline_run(children(node))
    if kind == "codeBlock":
        return "".join(c.get("text", "") for c in children(node) if isinstance(c.get("text"), str))
    if kind in ("bulletList", "orderedList", "taskList"):
        return _list(node, depth, ordered=kind == "orderedList")
    if kind == "blockquote":
        return _indent(_blocks(children(node), depth + 1), "> ", "> ")
    if kind == "rule":
        return "----"
    if kind == "table":
        return _table(node, depth)
    if kind in ("mediaSingle", "mediaGroup"):
        return "\n".join(f"[attachment: {media_name(m)}]" for m in children(node))
    if kind == "media":
        return f"[attachment: {media_name(node)}]"
    if kind in ("blockCard", "embedCard"):
        return attr_text(node, "url")
    if kind in ("expand", "nestedExpand"):
        title = attr_text(node, "title")
        body = _blocks(children(node), depth + 1)
        return f"{title}\n{body}" if title else body
    if kind == "extension":
        return f"[{attr_text(node, 'extensionKey') or 'extension'}]"
    if kind in INLINE_TYPES:
        return _inline(node)
    # doc, panel, decisionList, layoutSection, bodiedExtension and unknown nodes: their content or text.
    if not children(node) and isinstance(node.get("text"), str):
        return node["text"]
    return _blocks(children(node), depth + 1)

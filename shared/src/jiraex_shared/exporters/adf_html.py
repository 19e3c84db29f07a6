"""Atlassian Document Format to sanitised HTML, built node by node: every text escaped, every URL vetted."""

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
from jiraex_shared.exporters.render_options import RenderOptions
from jiraex_shared.exporters.sanitize import class_token, escape, safe_url

_SIMPLE_MARKS = {"strong": "strong", "em": "em", "code": "code", "strike": "s", "underline": "u"}
_PANEL_TYPES = frozenset({"info", "note", "warning", "error", "success", "tip", "custom"})
_STATUS_COLOURS = frozenset({"neutral", "purple", "blue", "red", "yellow", "green"})
# Marks are applied innermost first in this order, so the link ends up outermost.
_MARK_ORDER = ("code", "subsup", "strike", "underline", "em", "strong", "link")


def adf_to_html(doc: dict[str, Any], options: RenderOptions | None = None) -> str:
    """Sanitised HTML for an ADF document; unknown nodes degrade to their escaped content."""
    return _Renderer(options or RenderOptions()).blocks(children(doc), 0)


def link(href: str | None, inner: str) -> str:
    """An anchor when the URL is safe, otherwise just the escaped content."""
    if href is None:
        return inner
    return f'<a href="{escape(href)}" rel="noopener noreferrer nofollow">{inner}</a>'


def attachment_html(name: str, options: RenderOptions) -> str:
    """A local attachment reference: an image, a link to the copy, or a placeholder when not downloaded."""
    found = options.attachment(name)
    label = escape(name or "attachment")
    if found is None:
        return f'<span class="media">[attachment: {label}]</span>'
    if found.image:
        return f'<a href="{escape(found.href)}"><img src="{escape(found.href)}" alt="{label}"></a>'
    return f'<a class="media" href="{escape(found.href)}">{label}</a>'


class _Renderer:
    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def blocks(self, nodes: list[dict[str, Any]], depth: int) -> str:
        parts: list[str] = []
        run: list[dict[str, Any]] = []
        for node in nodes:
            if node.get("type") in INLINE_TYPES:
                run.append(node)
                continue
            if run:
                parts.append(f"<p>{self.inline_run(run)}</p>")
                run = []
            parts.append(self.block(node, depth))
        if run:
            parts.append(f"<p>{self.inline_run(run)}</p>")
        return "".join(parts)

    def inline_run(self, nodes: list[dict[str, Any]]) -> str:
        return "".join(
            self.inline(n) if n.get("type") in INLINE_TYPES else escape(plain_text(n)) for n in nodes
        )

    def text(self, node: dict[str, Any]) -> str:
        raw = node.get("text")
        html = escape(raw) if isinstance(raw, str) else ""
        marks = {m.get("type"): m for m in node.get("marks") or [] if isinstance(m, dict)}
        for mark_type in _MARK_ORDER:
            mark = marks.get(mark_type)
            if mark is None:
                continue
            if mark_type == "link":
                html = link(safe_url(attrs(mark).get("href"), self.options.base_url), html)
            elif mark_type == "subsup":
                tag = "sub" if attrs(mark).get("type") == "sub" else "sup"
                html = f"<{tag}>{html}</{tag}>"
            else:
                tag = _SIMPLE_MARKS[mark_type]
                html = f"<{tag}>{html}</{tag}>"
        return html

    def inline(self, node: dict[str, Any]) -> str:
        kind = node.get("type")
        if kind == "text":
            return self.text(node)
        if kind == "hardBreak":
            return "<br>"
        if kind == "mention":
            name = attr_text(node, "text", "id")
            return f'<span class="mention">{escape(name if name.startswith("@") else "@" + name)}</span>'
        if kind == "emoji":
            return f'<span class="emoji">{escape(attr_text(node, "text", "shortName"))}</span>'
        if kind == "inlineCard":
            url = attr_text(node, "url")
            return link(safe_url(url, self.options.base_url), escape(url))
        if kind == "date":
            day = escape(date_text(node))
            return f'<time datetime="{day}">{day}</time>'
        if kind == "status":
            colour = class_token(attrs(node).get("color"), "neutral")
            colour = colour if colour in _STATUS_COLOURS else "neutral"
            return f'<span class="status status-{colour}">{escape(attr_text(node, "text"))}</span>'
        if kind == "mediaInline":
            return attachment_html(media_name(node), self.options)
        if kind == "inlineExtension":
            return (
                f'<span class="extension">[{escape(attr_text(node, "extensionKey") or "extension")}]</span>'
            )
        return ""

    def list_html(self, node: dict[str, Any], depth: int) -> str:
        kind = node.get("type")
        if kind == "taskList":
            items = []
            for item in children(node):
                done = attrs(item).get("state") == "DONE"
                box = "☑" if done else "☐"
                items.append(
                    f'<li class="task {"done" if done else "todo"}">'
                    f"{box} {self.inline_run(children(item))}</li>"
                )
            return f'<ul class="tasks">{"".join(items)}</ul>'
        body = "".join(f"<li>{self.blocks(children(item), depth + 1)}</li>" for item in children(node))
        if kind == "orderedList":
            start = attrs(node).get("order")
            if isinstance(start, int) and not isinstance(start, bool) and start != 1:
                return f'<ol start="{start}">{body}</ol>'
            return f"<ol>{body}</ol>"
        return f"<ul>{body}</ul>"

    def cell(self, node: dict[str, Any], depth: int) -> str:
        tag = "th" if node.get("type") == "tableHeader" else "td"
        spans = ""
        for name in ("colspan", "rowspan"):
            value = attrs(node).get(name)
            if isinstance(value, int) and not isinstance(value, bool) and 1 < value <= 1000:
                spans += f' {name}="{value}"'
        return f"<{tag}{spans}>{self.blocks(children(node), depth + 1)}</{tag}>"

    def table(self, node: dict[str, Any], depth: int) -> str:
        rows = "".join(
            "<tr>" + "".join(self.cell(c, depth + 1) for c in children(row)) + "</tr>"
            for row in children(node)
        )
        return f'<table class="rich-table"><tbody>{rows}</tbody></table>'

    def block(self, node: dict[str, Any], depth: int) -> str:
        if depth > MAX_DEPTH:
            return f"<p>{escape(plain_text(node))}</p>"
        kind = node.get("type")
        inner = depth + 1
        if kind == "paragraph":
            return f"<p>{self.inline_run(children(node))}</p>"
        if kind == "heading":
            level = attrs(node).get("level")
            level = level if isinstance(level, int) and 1 <= level <= 6 else 2
            return f"<h{level}>{self.inline_run(children(node))}</h{level}>"
        if kind in ("bulletList", "orderedList", "taskList"):
            return self.list_html(node, depth)
        if kind == "codeBlock":
            code = "".join(c["text"] for c in children(node) if isinstance(c.get("text"), str))
            language = attr_text(node, "language")
            css = f' class="language-{class_token(language)}"' if language else ""
            return f"<pre><code{css}>{escape(code)}</code></pre>"
        if kind == "blockquote":
            return f"<blockquote>{self.blocks(children(node), inner)}</blockquote>"
        if kind == "rule":
            return "<hr>"
        if kind == "table":
            return self.table(node, depth)
        if kind == "panel":
            panel = class_token(attrs(node).get("panelType"), "info")
            panel = panel if panel in _PANEL_TYPES else "info"
            return f'<div class="panel panel-{panel}">{self.blocks(children(node), inner)}</div>'
        if kind in ("mediaSingle", "mediaGroup"):
            media = "".join(attachment_html(media_name(m), self.options) for m in children(node))
            return f'<div class="media-group">{media}</div>'
        if kind == "media":
            return f'<div class="media-group">{attachment_html(media_name(node), self.options)}</div>'
        if kind in ("blockCard", "embedCard"):
            url = attr_text(node, "url")
            return f"<p>{link(safe_url(url, self.options.base_url), escape(url))}</p>"
        if kind in ("expand", "nestedExpand"):
            title = escape(attr_text(node, "title") or "Details")
            return f"<details open><summary>{title}</summary>{self.blocks(children(node), inner)}</details>"
        if kind in ("decisionList",):
            items = "".join(f"<li>{self.inline_run(children(i))}</li>" for i in children(node))
            return f'<ul class="decisions">{items}</ul>'
        if kind == "extension":
            return f'<p class="extension">[{escape(attr_text(node, "extensionKey") or "extension")}]</p>'
        if kind in INLINE_TYPES:
            return f"<p>{self.inline(node)}</p>"
        # doc, layoutSection/Column, bodiedExtension and unknown nodes: their content (or text), escaped.
        if not children(node) and isinstance(node.get("text"), str):
            return f"<p>{escape(node['text'])}</p>"
        return f'<div class="block">{self.blocks(children(node), inner)}</div>'

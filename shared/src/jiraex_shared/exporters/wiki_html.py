"""Jira wiki markup to sanitised HTML: parsed into blocks and tokens, then rebuilt with every text escaped."""

from collections.abc import Iterable

from jiraex_shared.exporters.adf_html import attachment_html, link
from jiraex_shared.exporters.render_options import RenderOptions
from jiraex_shared.exporters.sanitize import class_token, escape, safe_url
from jiraex_shared.exporters.wiki_blocks import Block, parse_blocks
from jiraex_shared.exporters.wiki_inline import Token, tokenize


def wiki_to_html(text: str, options: RenderOptions | None = None) -> str:
    """Sanitised HTML for a wiki-markup string (description, comment body, …)."""
    return _blocks(parse_blocks(text), options or RenderOptions())


def _tokens(tokens: Iterable[Token], options: RenderOptions) -> str:
    parts: list[str] = []
    for token in tokens:
        kind = token.kind
        if kind == "text":
            parts.append(escape(token.text))
        elif kind == "break":
            parts.append("<br>")
        elif kind == "code":
            parts.append(f"<code>{escape(token.text)}</code>")
        elif kind == "mark":
            parts.append(f"<{token.tag}>{_tokens(token.children, options)}</{token.tag}>")
        elif kind == "link":
            label = _tokens(token.children, options) or escape(token.text)
            parts.append(link(safe_url(token.text, options.base_url), label))
        elif kind == "mention":
            parts.append(f'<span class="mention">@{escape(token.text)}</span>')
        elif kind in ("attachment", "image"):
            parts.append(attachment_html(token.text, options))
    return "".join(parts)


def _inline(text: str, options: RenderOptions) -> str:
    return _tokens(tokenize(text), options)


def _list(items: tuple[tuple[str, str], ...], options: RenderOptions) -> str:
    """Nested lists from Jira's markers ("*", "**", "#*", "-"), closing and opening as depth changes."""
    out: list[str] = []
    stack: list[str] = []
    for raw_markers, text in items:
        markers = "*" if raw_markers == "-" else raw_markers
        depth = len(markers)
        while stack and (len(stack) > depth or "".join(stack) != markers[: len(stack)]):
            out.append(f"</li></{_list_tag(stack.pop())}>")
        if stack and len(stack) == depth:
            out.append("</li>")
        while len(stack) < depth:
            # a deeper list opens inside the current item; a skipped level gets an empty item to hold it
            marker = markers[len(stack)]
            out.append(f"<{_list_tag(marker)}>")
            stack.append(marker)
            if len(stack) < depth:
                out.append("<li>")
        out.append(f"<li>{_inline(text, options)}")
    while stack:
        out.append(f"</li></{_list_tag(stack.pop())}>")
    return "".join(out)


def _list_tag(marker: str) -> str:
    return "ol" if marker == "#" else "ul"


def _table(block: Block, options: RenderOptions) -> str:
    rows = []
    for row in block.rows:
        cells = "".join(
            f"<{'th' if header else 'td'}>{_inline(text, options)}</{'th' if header else 'td'}>"
            for header, text in row
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="rich-table"><tbody>{"".join(rows)}</tbody></table>'


def _block(block: Block, options: RenderOptions) -> str:
    kind = block.kind
    if kind == "paragraph":
        return f"<p>{_inline(block.text, options)}</p>"
    if kind == "heading":
        return f"<h{block.level}>{_inline(block.text, options)}</h{block.level}>"
    if kind == "list":
        return _list(block.items, options)
    if kind == "table":
        return _table(block, options)
    if kind in ("code", "noformat"):
        css = f' class="language-{class_token(block.param)}"' if kind == "code" and block.param else ""
        return f"<pre><code{css}>{escape(block.text)}</code></pre>"
    if kind == "quote":
        return f"<blockquote>{_blocks(block.children, options)}</blockquote>"
    if kind == "panel":
        title = f'<p class="panel-title">{escape(block.param)}</p>' if block.param else ""
        return f'<div class="panel panel-info">{title}{_blocks(block.children, options)}</div>'
    if kind == "rule":
        return "<hr>"
    return f"<p>{escape(block.text)}</p>"


def _blocks(blocks: Iterable[Block], options: RenderOptions) -> str:
    return "".join(_block(b, options) for b in blocks)

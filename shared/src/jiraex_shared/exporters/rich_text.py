"""Rich text in any of Jira's shapes (ADF document, wiki markup, plain string) as plain text or safe HTML."""

from typing import Any

from jiraex_shared.exporters.adf_html import adf_to_html
from jiraex_shared.exporters.adf_nodes import is_adf
from jiraex_shared.exporters.adf_text import adf_to_text
from jiraex_shared.exporters.render_options import RenderOptions
from jiraex_shared.exporters.sanitize import escape
from jiraex_shared.exporters.wiki_html import wiki_to_html
from jiraex_shared.exporters.wiki_text import wiki_to_text


def rich_to_text(value: Any, api_version: int) -> str:
    """Plain text of a rich-text value: ADF on v3, wiki markup strings on v2, other strings as they are."""
    if is_adf(value):
        return adf_to_text(value)
    if isinstance(value, str):
        return wiki_to_text(value) if api_version == 2 else value
    return ""


def rich_to_html(value: Any, api_version: int, options: RenderOptions | None = None) -> str:
    """Sanitised HTML of a rich-text value; a plain v3 string keeps its line breaks."""
    if is_adf(value):
        return adf_to_html(value, options)
    if isinstance(value, str):
        if api_version == 2:
            return wiki_to_html(value, options)
        paragraphs = [p for p in value.replace("\r\n", "\n").replace("\r", "\n").split("\n\n") if p.strip()]
        return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return ""

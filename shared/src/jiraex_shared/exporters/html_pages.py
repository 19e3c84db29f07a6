"""One issue as a static HTML page: header, every field by its human name, rich text, lists and history."""

from functools import partial
from typing import Any
from urllib.parse import quote

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.field_order import ordered_field_ids, present_field_ids
from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.html_layout import page_end, page_start
from jiraex_shared.exporters.html_sections import (
    attachments_section,
    comments_section,
    history_section,
    worklogs_section,
)
from jiraex_shared.exporters.records import IssueRecord, issue_fields, items
from jiraex_shared.exporters.render_options import RenderOptions, attachment_links
from jiraex_shared.exporters.rich_text import rich_to_html
from jiraex_shared.exporters.sanitize import escape, safe_url

# From an issue page (html/issues/KEY.html) up to html/ and up to the export root.
TO_HTML_ROOT = "../"
TO_EXPORT_ROOT = "../../"
_IN_HEADER = frozenset({"attachment"})


class IssuePageBuilder:
    """Renders issue pages for one export; field order and names are decided once."""

    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self.dictionary = FieldDictionary(context.fields)
        self.ordered = ordered_field_ids(self.dictionary, context.selected_fields)
        self.base_url = context.base_url.rstrip("/")

    def _is_rich(self, field_id: str) -> bool:
        info = self.dictionary.get(field_id)
        return bool(info and info.rich_text)

    def _details(self, fields: dict[str, Any], field_ids: list[str]) -> str:
        rows = []
        for field_id in field_ids:
            if self._is_rich(field_id) or field_id in _IN_HEADER:
                continue
            text = flatten(fields.get(field_id), api_version=self.context.api_version)
            if text:
                rows.append(
                    f'<tr><th scope="row">{escape(self.dictionary.label(field_id))}</th>'
                    f"<td>{escape(text)}</td></tr>\n"
                )
        table = f'<table class="fields">\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n'
        return f'<section id="details">\n<h2>Details</h2>\n{table}</section>\n'

    def _rich_sections(self, fields: dict[str, Any], field_ids: list[str], options: RenderOptions) -> str:
        sections = []
        for field_id in field_ids:
            if not self._is_rich(field_id):
                continue
            body = rich_to_html(fields.get(field_id), self.context.api_version, options)
            if body:
                anchor = escape(f"field-{field_id}")
                sections.append(
                    f'<section id="{anchor}">\n<h2>{escape(self.dictionary.label(field_id))}</h2>\n'
                    f'<div class="rich">{body}</div>\n</section>\n'
                )
        return "".join(sections)

    def _header(self, record: IssueRecord, fields: dict[str, Any]) -> str:
        key = flatten(record.get("key"))
        summary = flatten(fields.get("summary"))
        facts = [flatten(fields.get(f)) for f in ("issuetype", "status", "priority", "assignee")]
        jira = safe_url(f"{self.base_url}/browse/{quote(key, safe='-_.')}")
        link = f' · <a href="{escape(jira)}" rel="noopener noreferrer">Open in Jira</a>' if jira else ""
        return (
            f'<header class="page">\n<nav><a href="{TO_HTML_ROOT}index.html">All issues</a></nav>\n'
            f'<h1><span class="key">{escape(key)}</span>{escape(summary)}</h1>\n'
            f'<p class="meta">{escape(" · ".join(f for f in facts if f))}{link}</p>\n</header>\n'
        )

    def render(self, record: IssueRecord) -> str:
        """The complete page for one issue."""
        fields = issue_fields(record)
        include = self.context.include
        options = RenderOptions(self.base_url, attachment_links(items(record, "attachments"), TO_EXPORT_ROOT))
        html = partial(rich_to_html, api_version=self.context.api_version, options=options)
        field_ids = present_field_ids(self.dictionary, self.ordered, fields)
        title = f"{flatten(record.get('key'))}: {flatten(fields.get('summary'))}"
        parts = [
            page_start(title, TO_HTML_ROOT),
            self._header(record, fields),
            "<main>\n",
            self._details(fields, field_ids),
            self._rich_sections(fields, field_ids, options),
        ]
        if include.attachments:
            parts.append(attachments_section(record, TO_EXPORT_ROOT))
        if include.comments:
            parts.append(comments_section(record, html))
        if include.worklogs:
            parts.append(worklogs_section(record, html))
        if include.changelog:
            parts.append(history_section(record))
        parts += ["</main>\n", page_end(TO_HTML_ROOT)]
        return "".join(parts)

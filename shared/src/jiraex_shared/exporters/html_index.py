"""The offline index page: a searchable, sortable table of every exported issue, written row by row."""

from collections.abc import Iterable
from typing import TextIO

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.html_layout import page_end, page_start
from jiraex_shared.exporters.records import IssueRecord, issue_fields
from jiraex_shared.exporters.sanitize import escape, relative_href

ISSUES_DIR = "issues"
COLUMNS = ("Key", "Summary", "Status", "Type", "Priority", "Assignee", "Updated")
_ROW_FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "updated")
IndexRow = list[str]


def index_row(record: IssueRecord, page_file: str) -> IndexRow:
    """What the index keeps of an issue: its page and the seven visible cells."""
    fields = issue_fields(record)
    return [page_file, flatten(record.get("key")), *(flatten(fields.get(f)) for f in _ROW_FIELDS)]


def write_index(out: TextIO, context: ExportContext, rows: Iterable[IndexRow], count: int) -> None:
    """Write ``index.html``; works without script (a plain table), search and sort come from ``app.js``."""
    out.write(page_start(f"{context.export_name} — Jira issues", ""))
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in COLUMNS)
    out.write(
        f'<header class="page">\n<h1>{escape(context.export_name)}</h1>\n'
        f'<p class="meta">JQL: <code>{escape(context.jql)}</code> · {escape(context.base_url)} · '
        f"{escape(context.deployment)} {escape(context.version)} · "
        f"exported {escape(context.started_at.isoformat())}</p>\n"
        '<p><input type="search" id="filter" class="filter" placeholder="Filter issues…" '
        'aria-label="Filter issues"> '
        f'<span id="count" class="muted">{count} issue{"" if count == 1 else "s"}</span></p>\n'
        "</header>\n<main>\n"
        f'<table id="issues" class="sortable">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
    )
    for page_file, key, *cells in rows:
        href = escape(relative_href(f"{ISSUES_DIR}/{page_file}"))
        others = "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        out.write(f'<tr><td><a href="{href}">{escape(key)}</a></td>{others}</tr>\n')
    out.write("</tbody>\n</table>\n</main>\n")
    out.write(page_end("", with_script=True))

"""The per-issue lists on an HTML page: attachments, comments, worklogs and the full change history."""

from collections.abc import Callable
from typing import Any

from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.people import person_name, visibility_text
from jiraex_shared.exporters.records import IssueRecord, items
from jiraex_shared.exporters.sanitize import escape, relative_href

Html = Callable[[Any], str]


def _section(anchor: str, title: str, count: int, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{escape(title)} ({count})</h2>\n{body}</section>\n'


def _table(headers: tuple[str, ...], rows: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    if not rows:
        return '<p class="muted">None.</p>\n'
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>\n"


def attachments_section(record: IssueRecord, root: str) -> str:
    found = items(record, "attachments")
    entries = []
    for attachment in found:
        name = escape(flatten(attachment.get("filename")) or "attachment")
        details = escape(
            ", ".join(
                p
                for p in (
                    f"{flatten(attachment.get('size'))} bytes",
                    flatten(attachment.get("mimeType")),
                    person_name(attachment.get("author")),
                    flatten(attachment.get("created")),
                )
                if p.strip()
            )
        )
        path = attachment.get("path")
        if isinstance(path, str) and path:
            label = f'<a href="{escape(relative_href(path, root))}">{name}</a>'
        else:
            label = f'{name} <span class="muted">(not downloaded)</span>'
        entries.append(f'<li>{label} <span class="muted">{details}</span></li>\n')
    body = f"<ul>\n{''.join(entries)}</ul>\n" if entries else '<p class="muted">None.</p>\n'
    return _section("attachments", "Attachments", len(found), body)


def comments_section(record: IssueRecord, html: Html) -> str:
    found = items(record, "comments")
    articles = []
    for comment in found:
        anchor = escape(f"comment-{flatten(comment.get('id'))}")
        byline = " · ".join(
            p
            for p in (
                person_name(comment.get("author")),
                flatten(comment.get("created")),
                visibility_text(comment.get("visibility")),
            )
            if p
        )
        edited = ""
        if comment.get("updated") and comment.get("updated") != comment.get("created"):
            edited = f" · edited {flatten(comment.get('updated'))}"
        articles.append(
            f'<article class="comment" id="{anchor}">\n<header>{escape(byline + edited)}</header>\n'
            f'<div class="rich">{html(comment.get("body"))}</div>\n</article>\n'
        )
    body = "".join(articles) or '<p class="muted">None.</p>\n'
    return _section("comments", "Comments", len(found), body)


def worklogs_section(record: IssueRecord, html: Html) -> str:
    found = items(record, "worklogs")
    rows = [
        f"<tr><td>{escape(flatten(w.get('started')))}</td><td>{escape(person_name(w.get('author')))}</td>"
        f"<td>{escape(flatten(w.get('timeSpent')))}</td><td>{escape(flatten(w.get('timeSpentSeconds')))}</td>"
        f'<td><div class="rich">{html(w.get("comment"))}</div></td></tr>\n'
        for w in found
    ]
    headers = ("Started", "Author", "Time spent", "Seconds", "Comment")
    return _section("worklogs", "Work log", len(found), _table(headers, rows))


def history_section(record: IssueRecord) -> str:
    """Every history entry, one row per changed item, oldest first, as Jira's History tab shows it."""
    found = items(record, "changelog")
    rows = []
    for entry in found:
        when, who = escape(flatten(entry.get("created"))), escape(person_name(entry.get("author")))
        changed = [i for i in entry.get("items") or [] if isinstance(i, dict)] or [{}]
        for item in changed:
            rows.append(
                f"<tr><td>{when}</td><td>{who}</td><td>{escape(flatten(item.get('field')))}</td>"
                f"<td>{escape(flatten(item.get('fromString')) or flatten(item.get('from')))}</td>"
                f"<td>{escape(flatten(item.get('toString')) or flatten(item.get('to')))}</td></tr>\n"
            )
    return _section("history", "History", len(found), _table(("Date", "Author", "Field", "From", "To"), rows))

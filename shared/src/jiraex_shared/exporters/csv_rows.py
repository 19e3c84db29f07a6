"""Rows of the child CSV files: comments, changelog items, worklogs and attachments of one issue."""

from collections.abc import Iterator
from typing import Any

from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.people import person_id, person_name, visibility_text
from jiraex_shared.exporters.records import IssueRecord, items
from jiraex_shared.exporters.rich_text import rich_to_text

Row = list[str]


def _lead(record: IssueRecord) -> Row:
    return [str(record.get("key") or ""), str(record.get("id") or "")]


def comment_rows(record: IssueRecord, api_version: int) -> Iterator[Row]:
    for comment in items(record, "comments"):
        yield [
            *_lead(record),
            flatten(comment.get("id")),
            flatten(comment.get("created")),
            flatten(comment.get("updated")),
            person_name(comment.get("author")),
            person_id(comment.get("author")),
            person_name(comment.get("updateAuthor")),
            visibility_text(comment.get("visibility")),
            rich_to_text(comment.get("body"), api_version),
        ]


def _change_item(item: dict[str, Any]) -> Row:
    return [
        flatten(item.get("field")),
        flatten(item.get("fieldId")),
        flatten(item.get("fieldtype")),
        flatten(item.get("from")),
        flatten(item.get("fromString")),
        flatten(item.get("to")),
        flatten(item.get("toString")),
    ]


def changelog_rows(record: IssueRecord) -> Iterator[Row]:
    """One row per changed item; a history without items still gets one row so no history is lost."""
    for history in items(record, "changelog"):
        lead = [
            *_lead(record),
            flatten(history.get("id")),
            flatten(history.get("created")),
            person_name(history.get("author")),
            person_id(history.get("author")),
        ]
        changed = [i for i in history.get("items") or [] if isinstance(i, dict)]
        for item in changed or [{}]:
            yield lead + _change_item(item)


def worklog_rows(record: IssueRecord, api_version: int) -> Iterator[Row]:
    for worklog in items(record, "worklogs"):
        yield [
            *_lead(record),
            flatten(worklog.get("id")),
            flatten(worklog.get("started")),
            flatten(worklog.get("timeSpent")),
            flatten(worklog.get("timeSpentSeconds")),
            person_name(worklog.get("author")),
            person_id(worklog.get("author")),
            flatten(worklog.get("created")),
            flatten(worklog.get("updated")),
            visibility_text(worklog.get("visibility")),
            rich_to_text(worklog.get("comment"), api_version),
        ]


def attachment_rows(record: IssueRecord) -> Iterator[Row]:
    for attachment in items(record, "attachments"):
        yield [
            *_lead(record),
            flatten(attachment.get("id")),
            flatten(attachment.get("filename")),
            flatten(attachment.get("size")),
            flatten(attachment.get("mimeType")),
            flatten(attachment.get("sha256")),
            flatten(attachment.get("created")),
            person_name(attachment.get("author")),
            flatten(attachment.get("path")),
        ]

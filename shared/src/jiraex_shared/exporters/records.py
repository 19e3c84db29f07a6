"""The normalized issue record the pipeline hands to every writer, and small readers over it."""

from typing import Any, TypedDict

from jiraex_shared.contracts.counts import ExportCounts

# What an attachment reference carries in the JSON/NDJSON output (its raw metadata stays in fields).
ATTACHMENT_OUTPUT_KEYS = ("id", "filename", "size", "mimeType", "sha256", "path")


class AttachmentRef(TypedDict, total=False):
    """An attachment as extracted: ``path`` is its place inside the export, None when not downloaded."""

    id: str
    filename: str
    size: int
    mimeType: str
    sha256: str | None
    path: str | None
    created: str
    author: Any


class IssueRecord(TypedDict, total=False):
    """One issue, complete: raw fields plus full comment, changelog and worklog lists, oldest first."""

    id: str
    key: str
    fields: dict[str, Any]
    comments: list[dict[str, Any]]
    changelog: list[dict[str, Any]]
    worklogs: list[dict[str, Any]]
    attachments: list[AttachmentRef]
    renderedFields: dict[str, Any]


def issue_fields(record: IssueRecord) -> dict[str, Any]:
    fields = record.get("fields")
    return fields if isinstance(fields, dict) else {}


def issue_key(record: IssueRecord) -> str:
    return str(record.get("key") or record.get("id") or "")


def items(record: IssueRecord, part: str) -> list[dict[str, Any]]:
    """The list under ``part`` ("comments", "changelog", …), skipping anything that is not an object."""
    value = record.get(part)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def record_counts(record: IssueRecord) -> ExportCounts:
    """What one record adds to the receipt's counts; the pipeline sums these over the export."""
    attachments = items(record, "attachments")
    downloaded = [a for a in attachments if a.get("path")]
    return ExportCounts(
        issues_exported=1,
        comments=len(items(record, "comments")),
        histories=len(items(record, "changelog")),
        worklogs=len(items(record, "worklogs")),
        attachments=len(downloaded),
        attachment_bytes=sum(int(a.get("size") or 0) for a in downloaded),
    )

"""Turn a completed Jira issue into the normalized record every writer reads (see exporters.records)."""

from typing import Any

from jiraex_shared.exporters.records import AttachmentRef, IssueRecord
from jiraex_shared.pipeline.fetch_fields import PAGED_FIELDS


def build_record(
    issue: dict[str, Any], *, changelog: list[dict[str, Any]], attachments: list[AttachmentRef]
) -> IssueRecord:
    """Raw fields stay as Jira sent them, except the embedded comment/worklog pages, which become complete lists."""
    fields = dict(issue.get("fields") or {})
    pages = {name: fields.pop(name, None) for name in PAGED_FIELDS}
    return IssueRecord(
        id=str(issue["id"]),
        key=str(issue.get("key") or issue["id"]),
        fields=fields,
        comments=_page_items(pages["comment"], "comments"),
        changelog=changelog,
        worklogs=_page_items(pages["worklog"], "worklogs"),
        attachments=attachments,
    )


def _page_items(page: Any, items_key: str) -> list[dict[str, Any]]:
    if not isinstance(page, dict):
        return []
    items = page.get(items_key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

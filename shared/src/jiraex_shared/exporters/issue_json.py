"""The JSON shape of one exported issue, shared by the JSON array and NDJSON writers."""

from typing import Any

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.records import ATTACHMENT_OUTPUT_KEYS, IssueRecord, issue_fields, items


def issue_document(record: IssueRecord, context: ExportContext) -> dict[str, Any]:
    """``id``, ``key``, raw ``fields`` and the complete lists; a part the export left out is null, not []."""
    include = context.include
    attachments = [{k: a.get(k) for k in ATTACHMENT_OUTPUT_KEYS} for a in items(record, "attachments")]
    return {
        "id": record.get("id"),
        "key": record.get("key"),
        "fields": issue_fields(record),
        "comments": items(record, "comments") if include.comments else None,
        "changelog": items(record, "changelog") if include.changelog else None,
        "worklogs": items(record, "worklogs") if include.worklogs else None,
        "attachments": attachments if include.attachments else None,
    }

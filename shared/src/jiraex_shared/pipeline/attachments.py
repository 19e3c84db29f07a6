"""Attachment files: downloaded once per (connection, attachment id) across every export, then reused."""

import asyncio
from typing import Any

from jiraex_shared.exporters.attachment_paths import attachment_path
from jiraex_shared.exporters.manifest import ExportWarning
from jiraex_shared.exporters.records import AttachmentRef
from jiraex_shared.jira import JiraClient, JiraPermanentError
from jiraex_shared.pipeline.progress import ProgressSink
from jiraex_shared.storage import ArtifactStore, attachment_key

ATTACHMENT_FIELD = "attachment"


async def collect_attachments(
    client: JiraClient,
    store: ArtifactStore,
    issue: dict[str, Any],
    *,
    connection_id: str,
    download: bool,
    limit: asyncio.Semaphore,
    progress: ProgressSink,
) -> list[AttachmentRef]:
    """References to every attachment of `issue`, downloading the files not stored yet when `download`."""
    key = str(issue.get("key") or issue["id"])
    metadata = [item for item in (issue.get("fields") or {}).get(ATTACHMENT_FIELD) or [] if isinstance(item, dict)]
    # Sorted by id so the in-export names (which deduplicate in order) do not depend on Jira's list order.
    metadata.sort(key=lambda item: (len(str(item.get("id"))), str(item.get("id"))))
    taken: set[str] = set()
    refs = [_reference(item, key, taken if download else None) for item in metadata]
    if download:
        await asyncio.gather(*(
            _store_file(client, store, ref, item, connection_id, key, limit, progress)
            for ref, item in zip(refs, metadata, strict=True)
        ))
    return refs


def _reference(item: dict[str, Any], issue_key: str, taken: set[str] | None) -> AttachmentRef:
    """The attachment as exported; `path` (its place in the export) only when the file is downloaded."""
    filename = str(item.get("filename") or item.get("id"))
    return AttachmentRef(
        id=str(item.get("id")),
        filename=filename,
        size=int(item.get("size") or 0),
        mimeType=str(item.get("mimeType") or "application/octet-stream"),
        sha256=None,
        path=attachment_path(issue_key, filename, taken) if taken is not None else None,
        created=str(item.get("created") or ""),
        author=(item.get("author") or {}).get("displayName"),
    )


async def _store_file(
    client: JiraClient,
    store: ArtifactStore,
    ref: AttachmentRef,
    item: dict[str, Any],
    connection_id: str,
    issue_key: str,
    limit: asyncio.Semaphore,
    progress: ProgressSink,
) -> None:
    blob = attachment_key(connection_id, ref["id"])
    stored = await store.stat(blob)
    if stored is None or stored.sha256 is None or stored.size != ref["size"]:
        try:
            async with limit:
                stored = await store.put_stream(blob, client.stream_attachment(item), content_type=ref["mimeType"])
        except JiraPermanentError as error:
            ref["path"] = None
            progress.warned(ExportWarning(
                code="attachment_failed", issue_key=issue_key, item_id=ref["id"],
                message=f"{ref['filename']}: {error}",
            ))
            return
        progress.downloaded(1, stored.size)
    ref["sha256"] = stored.sha256
    if stored.size != ref["size"]:
        progress.warned(ExportWarning(
            code="attachment_size_mismatch", issue_key=issue_key, item_id=ref["id"],
            message=f"{ref['filename']}: Jira says {ref['size']} bytes, the file has {stored.size}",
        ))
        ref["size"] = stored.size

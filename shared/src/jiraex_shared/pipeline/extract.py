"""EXTRACT: one chunk of issues, complete — fields, every comment, history entry and worklog, attachment files."""

import asyncio

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.exporters.manifest import ExportWarning
from jiraex_shared.exporters.records import IssueRecord, record_counts
from jiraex_shared.jira import JiraClient
from jiraex_shared.pipeline.attachments import collect_attachments
from jiraex_shared.pipeline.chunks import Chunk
from jiraex_shared.pipeline.counting import add_counts
from jiraex_shared.pipeline.fetch_fields import fields_to_fetch
from jiraex_shared.pipeline.issue_record import build_record
from jiraex_shared.pipeline.parts import encode_part
from jiraex_shared.pipeline.progress import ProgressSink, RecordingProgress
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.storage import ArtifactStore, StoredObject

# Bounds the tasks one chunk starts at once; the rate governor and AIMD limit decide the real request rate.
COMPLETION_PARALLELISM = 16
DOWNLOAD_PARALLELISM = 4


class ChunkResult(msgspec.Struct, frozen=True, kw_only=True):
    """The stored part, what it holds, and every gap found (also reported to the progress sink as found)."""

    part: StoredObject
    counts: ExportCounts
    warnings: tuple[ExportWarning, ...]


async def extract_chunk(
    client: JiraClient,
    store: ArtifactStore,
    spec: ExportSpec,
    chunk: Chunk,
    *,
    connection_id: str,
    part_key: str,
    progress: ProgressSink,
) -> ChunkResult:
    """Fetch the chunk's issues in bulk, complete them, store attachments and write the chunk's part.

    Idempotent: a second run rewrites the same part (same bytes when Jira's data has not changed) and
    reuses attachments already stored.
    """
    progress = RecordingProgress(progress)
    issues = await client.fetch_issues(chunk.ids, fields=fields_to_fetch(spec.fields, spec.include))
    by_id = {str(issue["id"]): issue for issue in issues}
    present = [issue_id for issue_id in chunk.ids if issue_id in by_id]
    missing = tuple(issue_id for issue_id in chunk.ids if issue_id not in by_id)
    for issue_id in missing:
        progress.warned(ExportWarning(
            code="issue_vanished", item_id=issue_id,
            message="matched the JQL when enumerated but could not be fetched (deleted, moved or no permission)",
        ))
    changelogs = await client.changelogs(present) if spec.include.changelog and present else {}
    completion = asyncio.Semaphore(COMPLETION_PARALLELISM)
    downloads = asyncio.Semaphore(DOWNLOAD_PARALLELISM)

    async def one(issue_id: str) -> IssueRecord:
        async with completion:
            issue = await client.complete_issue(by_id[issue_id])
        attachments = await collect_attachments(
            client, store, issue, connection_id=connection_id, download=spec.include.attachments,
            limit=downloads, progress=progress,
        )
        record = build_record(issue, changelog=changelogs.get(issue_id, []), attachments=attachments)
        progress.extracted(1)
        return record

    records = await asyncio.gather(*(one(issue_id) for issue_id in present))
    part = await store.put_bytes(part_key, encode_part(list(records)), content_type="application/x-ndjson")
    counts = add_counts(record_counts(record) for record in records)
    return ChunkResult(part=part, counts=counts, warnings=tuple(progress.warnings))


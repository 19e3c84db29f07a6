"""EXTRACT: one chunk of issues, complete — fields, every comment, history entry and worklog, attachment files."""

import asyncio
from collections.abc import Sequence

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
from jiraex_shared.pipeline.parts import encode_record
from jiraex_shared.pipeline.progress import ProgressSink, RecordingProgress
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.storage import ArtifactStore, StoredObject

# Bounds the tasks one slice starts at once; the rate governor and AIMD limit decide the real request rate.
COMPLETION_PARALLELISM = 16
DOWNLOAD_PARALLELISM = 4
# Issues held as decoded JSON at once: one bulk-fetch page. A whole chunk (hundreds of issues, some with
# hundreds of comments and histories) would set peak memory by the heaviest chunk, which grows with the export.
SLICE_SIZE = 100


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

    Works through the chunk a slice at a time and keeps only each record's encoded line, so memory is
    bounded by one slice whatever the chunk size. Idempotent: a second run rewrites the same part (same
    bytes when Jira's data has not changed) and reuses attachments already stored.
    """
    progress = RecordingProgress(progress)
    lines: list[bytes] = []
    counts: list[ExportCounts] = []
    for start in range(0, len(chunk.ids), SLICE_SIZE):
        for record in await _extract_slice(
            client, store, spec, chunk.ids[start : start + SLICE_SIZE], connection_id=connection_id,
            progress=progress,
        ):
            lines.append(encode_record(record))
            counts.append(record_counts(record))
    part = await store.put_bytes(part_key, b"".join(lines), content_type="application/x-ndjson")
    return ChunkResult(part=part, counts=add_counts(counts), warnings=tuple(progress.warnings))


async def _extract_slice(
    client: JiraClient,
    store: ArtifactStore,
    spec: ExportSpec,
    ids: Sequence[str],
    *,
    connection_id: str,
    progress: RecordingProgress,
) -> list[IssueRecord]:
    """The complete records of ``ids`` in their order; ids Jira no longer returns become warnings."""
    issues = await client.fetch_issues(ids, fields=fields_to_fetch(spec.fields, spec.include))
    by_id = {str(issue["id"]): issue for issue in issues}
    present = [issue_id for issue_id in ids if issue_id in by_id]
    for issue_id in ids:
        if issue_id not in by_id:
            progress.warned(ExportWarning(
                code="issue_vanished", item_id=issue_id,
                message="matched the JQL when enumerated but could not be fetched (deleted, moved or no permission)",
            ))
    changelogs = await client.changelogs(present) if spec.include.changelog and present else {}
    completion = asyncio.Semaphore(COMPLETION_PARALLELISM)
    downloads = asyncio.Semaphore(DOWNLOAD_PARALLELISM)

    async def one(issue_id: str) -> IssueRecord:
        async with completion:
            issue = await client.complete_issue(by_id.pop(issue_id))
        attachments = await collect_attachments(
            client, store, issue, connection_id=connection_id, download=spec.include.attachments,
            limit=downloads, progress=progress,
        )
        record = build_record(issue, changelog=changelogs.pop(issue_id, []), attachments=attachments)
        progress.extracted(1)
        return record

    return list(await asyncio.gather(*(one(issue_id) for issue_id in present)))

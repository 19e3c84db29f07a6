"""ASSEMBLE: stream the chunk parts, in order, through every format writer into one export folder."""

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.exporters import (
    ExportContext,
    ExportWarning,
    FormatWriter,
    IssueRecord,
    ProducedFile,
    create_writers,
    is_complete,
    iter_produced_files,
    record_counts,
    write_fields,
    write_manifest,
    write_zip,
)
from jiraex_shared.pipeline.counting import add_counts
from jiraex_shared.pipeline.parts import read_part
from jiraex_shared.storage import ArtifactStore, attachment_key

# Records handed to the writers per thread hop: large enough to amortise the hop, small enough to stay light.
WRITE_BATCH = 100


class AssembleResult(msgspec.Struct, frozen=True, kw_only=True):
    """What was written: the counts, whether nothing is missing, the receipt (``manifest.json`` without its
    file and warning lists) and the archive, if one was asked for."""

    counts: ExportCounts
    complete: bool
    receipt: dict[str, Any]
    archive: ProducedFile | None


async def assemble_export(
    store: ArtifactStore,
    *,
    context: ExportContext,
    formats: Sequence[str],
    part_keys: Sequence[str],
    connection_id: str,
    directory: Path,
    issues_expected: int,
    warnings: Sequence[ExportWarning],
    archive_path: Path | None = None,
) -> AssembleResult:
    """Write every format, the attachment copies, `fields.json` and `manifest.json` into `directory`.

    Parts are read one record at a time and writers stream, so memory does not grow with the export. The
    attachment files are copied to `attachments/{KEY}/{name}` (the HTML pages link there, the ZIP holds them).
    """
    writers = create_writers(formats)
    await asyncio.to_thread(_open, writers, directory, context)
    per_part: list[ExportCounts] = []
    for key in part_keys:
        batch: list[IssueRecord] = []
        async for record in read_part(store, key):
            batch.append(record)
            per_part.append(record_counts(record))
            if len(batch) >= WRITE_BATCH:
                await _flush(writers, batch, store, connection_id, directory)
                batch = []
        await _flush(writers, batch, store, connection_id, directory)
        per_part[:] = [add_counts(per_part)]
    await asyncio.to_thread(_close, writers)
    await asyncio.to_thread(write_fields, directory, context)
    counts = add_counts(per_part, issues_expected=issues_expected)
    # The folder's files go into the manifest as they are hashed: a list of them grows with the export.
    receipt = await asyncio.to_thread(
        write_manifest, directory, context, counts, iter_produced_files(directory), warnings
    )
    archive = await asyncio.to_thread(write_zip, archive_path, directory, []) if archive_path else None
    return AssembleResult(
        counts=counts, complete=is_complete(counts, len(warnings)), receipt=receipt, archive=archive,
    )


async def _flush(
    writers: list[FormatWriter], batch: list[IssueRecord], store: ArtifactStore, connection_id: str, directory: Path
) -> None:
    if not batch:
        return
    await asyncio.to_thread(_write, writers, batch)
    for record in batch:
        for attachment in record.get("attachments") or []:
            if attachment.get("path"):
                target = directory / str(attachment["path"])
                await store.get_to_file(attachment_key(connection_id, str(attachment["id"])), target)


def _open(writers: list[FormatWriter], directory: Path, context: ExportContext) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for writer in writers:
        writer.open(directory, context)


def _write(writers: list[FormatWriter], batch: list[IssueRecord]) -> None:
    for record in batch:
        for writer in writers:
            writer.write(record)


def _close(writers: list[FormatWriter]) -> None:
    for writer in writers:
        writer.close()

"""Run a whole export in one process: plan, extract chunks in parallel as they fill, assemble into a folder.

The CLI and the embedded mode use this; the worker fleet runs the same three steps, one message at a time.
"""

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from jiraex_shared.exporters import ExportContext, ExportWarning
from jiraex_shared.jira import JiraClient
from jiraex_shared.pipeline.assemble import AssembleResult, assemble_export
from jiraex_shared.pipeline.chunks import Chunk
from jiraex_shared.pipeline.extract import extract_chunk
from jiraex_shared.pipeline.plan import plan_export
from jiraex_shared.pipeline.ports import MemoryPlanJournal
from jiraex_shared.pipeline.progress import ProgressSink, RecordingProgress
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.storage import ArtifactStore


class LocalExportResult(msgspec.Struct, frozen=True, kw_only=True):
    directory: Path
    assembled: AssembleResult
    warnings: tuple[ExportWarning, ...]


async def run_local_export(
    client: JiraClient,
    store: ArtifactStore,
    spec: ExportSpec,
    *,
    directory: Path,
    connection_id: str,
    chunk_size: int,
    chunk_parallelism: int = 2,
    progress: ProgressSink,
    archive_path: Path | None = None,
    started_at: datetime | None = None,
) -> LocalExportResult:
    """Export `spec` into `directory` (created; must not exist) and optionally `archive_path` (a ZIP).

    `store` holds the chunk parts (under `parts/`) and the attachment blobs (under `attachments/`), so a
    second run against the same store downloads no attachment twice. `started_at` is the only time written
    into the files (default: now); pass the same one to reproduce an export byte for byte.
    """
    started_at = started_at or datetime.now(UTC).replace(microsecond=0)
    info = await client.server_info()
    context = ExportContext(
        jql=spec.jql, base_url=client.base_url, deployment=info.deployment, version=info.version,
        api_version=client.api_version(), fields=await client.fields(), started_at=started_at,
        selected_fields=list(spec.fields) if spec.fields is not None else None, export_name=spec.name,
        include=spec.include, csv_bom=spec.csv_bom,
    )
    recorder = RecordingProgress(progress)
    queue: asyncio.Queue[Chunk | None] = asyncio.Queue(maxsize=chunk_parallelism * 2)
    parts: dict[int, str] = {}

    async def extract_from_queue() -> None:
        while (chunk := await queue.get()) is not None:
            key = f"parts/{chunk.seq:08d}.ndjson"
            await extract_chunk(client, store, spec, chunk, connection_id=connection_id, part_key=key,
                                progress=recorder)
            parts[chunk.seq] = key

    async def plan_then_stop() -> int:
        state = await plan_export(client, spec.jql, chunk_size=chunk_size, journal=MemoryPlanJournal(queue.put),
                                  progress=recorder)
        for _ in range(chunk_parallelism):
            await queue.put(None)
        return state.enumerated

    async with asyncio.TaskGroup() as group:
        planned = group.create_task(plan_then_stop())
        for _ in range(chunk_parallelism):
            group.create_task(extract_from_queue())
    staging = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    assembled = await assemble_export(
        store, context=context, formats=spec.formats, part_keys=[parts[seq] for seq in sorted(parts)],
        connection_id=connection_id, directory=staging, issues_expected=planned.result(),
        warnings=recorder.warnings, archive_path=archive_path,
    )
    staging.rename(directory)
    await store.delete_prefix("parts/")
    return LocalExportResult(directory=directory, assembled=assembled, warnings=tuple(recorder.warnings))

"""Completing a chunk: mark it done and count it on the job in one transaction, so one caller sees the last."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, NamedTuple

import msgspec
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobWarning
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.job_events import JobEvent
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.clock import resolve_now
from jiraex_shared.db.repositories.fencing import record_rejection, updated_rows
from jiraex_shared.exporters.manifest import ExportWarning

# The counts a chunk row holds; the job's columns of the same names are their running sums.
CHUNK_COUNT_COLUMNS: Final = ("issues_exported", "comments", "histories", "worklogs", "attachments", "attachment_bytes")
# The job_events payload key that marks a warning as a chunk's (and orders it for the receipt).
CHUNK_SEQ_KEY: Final = "chunk_seq"


class ChunkCompletion(NamedTuple):
    """``all_done`` is True for exactly one completion per job: the one that made the last chunk done after
    planning had finished (when planning finishes last, ``save_plan_checkpoint`` reports it instead)."""

    all_done: bool
    chunks_done: int
    chunks_total: int | None
    cancel_requested: bool


async def complete_chunk(
    session: AsyncSession,
    job_id: uuid.UUID,
    seq: int,
    chunk_epoch: int,
    *,
    counts: ExportCounts,
    part_uri: str,
    sha256: str,
    warnings: Sequence[ExportWarning] = (),
    requests: int = 0,
    rate_limited: int = 0,
    now: datetime | None = None,
) -> ChunkCompletion | None:
    """Mark the chunk done (fenced by ``chunk_epoch``) and add it to the job's counters; None when refused.

    The job row is updated with ``chunks_done = chunks_done + 1 … RETURNING``: PostgreSQL serialises the
    updates on that row and each sees the committed result of the previous one (SQLite has one writer at a
    time), so ``chunks_done == chunks_total`` is observed by exactly one transaction. The chunk's warnings
    are stored as ``job.warning`` events (with the chunk's seq) in the same transaction, so a chunk retried
    after a crash never lists its warnings twice; the caller need not also ``add_job_event`` them.
    """
    now = resolve_now(now)
    chunk_counts = {column: getattr(counts, column) for column in CHUNK_COUNT_COLUMNS}
    mark_done = (
        update(JobChunk)
        .where(
            JobChunk.job_id == job_id, JobChunk.seq == seq, JobChunk.epoch == chunk_epoch, JobChunk.state == "running"
        )
        .values(state="done", lease_until=None, part_uri=part_uri, sha256=sha256, updated_at=now, **chunk_counts)
        .execution_options(synchronize_session=False)
    )
    if await updated_rows(session, mark_done) != 1:
        record_rejection("complete_chunk", job_id=str(job_id), seq=seq, epoch=chunk_epoch)
        return None
    if warnings:
        rows = [_warning_row(job_id, seq, warning, now) for warning in warnings]
        await session.execute(insert(JobEvent), rows)
    sums: dict[str, Any] = {column: getattr(Job, column) + value for column, value in chunk_counts.items()}
    count_it = (
        update(Job)
        .where(Job.id == job_id)
        .values(
            chunks_done=Job.chunks_done + 1, requests=Job.requests + requests,
            rate_limited=Job.rate_limited + rate_limited, updated_at=now, **sums,
        )
        .returning(Job.chunks_done, Job.chunks_total, Job.state, Job.cancel_requested)
        .execution_options(synchronize_session=False)
    )
    job = (await session.execute(count_it)).one()
    all_done = job.chunks_done == job.chunks_total and job.state == "running" and not job.cancel_requested
    return ChunkCompletion(all_done, job.chunks_done, job.chunks_total, job.cancel_requested)


def _warning_row(job_id: uuid.UUID, seq: int, warning: ExportWarning, now: datetime) -> dict[str, Any]:
    event = JobWarning(job_id=str(job_id), code=warning.code, message=warning.message, issue_key=warning.issue_key,
                       occurred_at=now)
    payload = msgspec.to_builtins(event)
    # JobWarning has no item id; decoders of the event ignore the extra keys.
    payload.update(item_id=warning.item_id, **{CHUNK_SEQ_KEY: seq})
    return {"job_id": job_id, "type": event.__struct_config__.tag, "payload": payload, "created_at": now}

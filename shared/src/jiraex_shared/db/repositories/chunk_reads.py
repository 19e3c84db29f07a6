"""Reading a job's chunks back: the ids to extract, the parts to assemble in order, the warnings found."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.job_events import JobEvent
from jiraex_shared.db.repositories.chunk_completion import CHUNK_SEQ_KEY
from jiraex_shared.exporters.manifest import ExportWarning


class ChunksNotDone(RuntimeError):
    """Assembly was asked for while some chunk has no stored part."""


async def chunk_ids(session: AsyncSession, job_id: uuid.UUID, seq: int) -> tuple[str, ...]:
    """The issue ids of one chunk, in export order; LookupError when the chunk does not exist."""
    statement = select(JobChunk.issue_ids).where(JobChunk.job_id == job_id, JobChunk.seq == seq)
    ids = (await session.execute(statement)).scalar_one_or_none()
    if ids is None:
        raise LookupError(f"job {job_id} has no chunk {seq}")
    return tuple(ids)


async def part_uris(session: AsyncSession, job_id: uuid.UUID, *, require_all: bool = True) -> list[str]:
    """The stored parts in chunk order, for assembly (``require_all``) or for deleting a cancelled job's parts."""
    statement = select(JobChunk.seq, JobChunk.part_uri).where(JobChunk.job_id == job_id).order_by(JobChunk.seq)
    rows = (await session.execute(statement)).all()
    missing = [row.seq for row in rows if row.part_uri is None]
    if require_all and missing:
        raise ChunksNotDone(f"job {job_id}: chunks without a part: {missing[:20]}")
    return [row.part_uri for row in rows if row.part_uri is not None]


async def chunk_warnings(session: AsyncSession, job_id: uuid.UUID) -> list[ExportWarning]:
    """Every warning the job's chunks reported, ordered by chunk and then as found (deterministic receipts)."""
    statement = (
        select(JobEvent.payload).where(JobEvent.job_id == job_id, JobEvent.type == "job.warning").order_by(JobEvent.id)
    )
    payloads = [payload for payload in (await session.scalars(statement)) if CHUNK_SEQ_KEY in payload]
    payloads.sort(key=lambda payload: payload[CHUNK_SEQ_KEY])  # stable: keeps the order within a chunk
    return [
        ExportWarning(code=p["code"], message=p["message"], issue_key=p.get("issue_key"), item_id=p.get("item_id"))
        for p in payloads
    ]

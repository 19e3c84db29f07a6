"""The planner's checkpoint on the job row, its new chunks, and the hand-over to extraction when it is done."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import msgspec
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.clock import resolve_now
from jiraex_shared.db.repositories.fencing import record_rejection
from jiraex_shared.pipeline.chunks import Chunk, PlanState


class PlanSaved(NamedTuple):
    """``accepted`` False: the claim is stale or the job left ``planning`` (cancelled, failed); stop planning.

    ``assembly_due`` True: enumeration ended after every chunk had already been extracted, so this caller
    (and no chunk worker) must publish ``export.assemble``.
    """

    accepted: bool
    assembly_due: bool = False


async def save_plan_checkpoint(
    session: AsyncSession,
    job_id: uuid.UUID,
    epoch: int,
    *,
    plan: PlanState,
    new_chunks: Sequence[Chunk] = (),
    now: datetime | None = None,
) -> PlanSaved:
    """Store the cursor and the chunks that filled since the last save, in the caller's transaction.

    Fenced by ``epoch`` and by the job still being ``planning``. When ``plan.done``, ``chunks_total``
    becomes the number of chunk rows, the job moves to ``running`` and its lease is released (chunks have
    their own). The first statement locks the job row, so no chunk completion can slip between reading
    ``chunks_done`` and setting ``chunks_total``: exactly one of the planner and the chunk workers sees
    the job complete.
    """
    now = resolve_now(now)
    checkpoint = (
        update(Job)
        .where(Job.id == job_id, Job.epoch == epoch, Job.state == "planning")
        .values(enumeration_cursor=msgspec.to_builtins(plan), issues_expected=plan.expected, updated_at=now)
        .returning(Job.chunks_total)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(checkpoint)).first()
    if row is None:
        record_rejection("save_plan_checkpoint", job_id=str(job_id), epoch=epoch)
        return PlanSaved(accepted=False)
    if new_chunks:
        rows = [
            {"job_id": job_id, "seq": chunk.seq, "issue_ids": list(chunk.ids), "created_at": now, "updated_at": now}
            for chunk in new_chunks
        ]
        await session.execute(insert(JobChunk), rows)
    if not plan.done or row.chunks_total is not None:
        return PlanSaved(accepted=True)
    return PlanSaved(accepted=True, assembly_due=await _finish_planning(session, job_id, now))


async def load_plan_checkpoint(session: AsyncSession, job_id: uuid.UUID) -> PlanState | None:
    """The last saved plan state, or None when planning never saved one."""
    cursor = (await session.execute(select(Job.enumeration_cursor).where(Job.id == job_id))).scalar_one_or_none()
    return None if cursor is None else msgspec.convert(cursor, PlanState)


async def _finish_planning(session: AsyncSession, job_id: uuid.UUID, now: datetime) -> bool:
    chunk_count = select(func.count()).select_from(JobChunk).where(JobChunk.job_id == job_id).scalar_subquery()
    statement = (
        update(Job)
        .where(Job.id == job_id)
        .values(chunks_total=chunk_count, state="running", lease_owner=None, lease_until=None, updated_at=now)
        .returning(Job.chunks_done, Job.chunks_total, Job.cancel_requested)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(statement)).one()
    return row.chunks_done == row.chunks_total and not row.cancel_requested

"""Claiming a chunk of a job: the same fencing as jobs (epoch and lease), per chunk row."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.clock import lease_expiry, resolve_now
from jiraex_shared.db.repositories.fencing import fenced_update
from jiraex_shared.db.repositories.job_states import LIVE_JOB_STATES


class ChunkClaim(NamedTuple):
    """A chunk held until ``lease_until``; its completion must carry ``epoch``."""

    job_id: uuid.UUID
    seq: int
    epoch: int
    lease_until: datetime
    issue_ids: tuple[str, ...]
    attempts: int
    cancel_requested: bool


async def claim_chunk(
    session: AsyncSession,
    job_id: uuid.UUID,
    seq: int,
    *,
    worker: str,
    lease_seconds: float,
    now: datetime | None = None,
) -> ChunkClaim | None:
    """Take a pending chunk, or a running one whose lease expired; None when it is done, held or moot.

    A chunk of a finished, failed or cancelled job is never claimed. A cancel request does not block the
    claim: the claimant sees ``cancel_requested`` and stops the job instead of extracting.
    """
    now = resolve_now(now)
    job_is_live = select(Job.id).where(Job.id == job_id, Job.state.in_(LIVE_JOB_STATES)).exists()
    claimable = or_(JobChunk.state == "pending", and_(JobChunk.state == "running", JobChunk.lease_until <= now))
    statement = (
        update(JobChunk)
        .where(JobChunk.job_id == job_id, JobChunk.seq == seq, claimable, job_is_live)
        .values(
            epoch=JobChunk.epoch + 1, state="running", lease_owner=worker, lease_until=lease_expiry(now, lease_seconds),
            attempts=JobChunk.attempts + 1, updated_at=now,
        )
        .returning(JobChunk.epoch, JobChunk.lease_until, JobChunk.issue_ids, JobChunk.attempts)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(statement)).first()
    if row is None:
        return None
    cancel = (await session.execute(select(Job.cancel_requested).where(Job.id == job_id))).scalar_one()
    return ChunkClaim(job_id, seq, row.epoch, row.lease_until, tuple(row.issue_ids), row.attempts, cancel)


async def renew_chunk_lease(
    session: AsyncSession, job_id: uuid.UUID, seq: int, epoch: int, lease_seconds: float, *, now: datetime | None = None
) -> bool:
    """Extend the chunk's lease; False means another worker took it over and this one must stop."""
    now = resolve_now(now)
    statement = (
        update(JobChunk)
        .where(*_held(job_id, seq, epoch))
        .values(lease_until=lease_expiry(now, lease_seconds), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return await fenced_update(session, statement, "renew_chunk_lease", job_id=str(job_id), seq=seq, epoch=epoch)


async def release_chunk(
    session: AsyncSession, job_id: uuid.UUID, seq: int, epoch: int, *, now: datetime | None = None
) -> bool:
    """Give an unfinished chunk back (SIGTERM): pending again, claimable at once by its redelivered message."""
    statement = (
        update(JobChunk)
        .where(*_held(job_id, seq, epoch))
        .values(state="pending", lease_owner=None, lease_until=None, updated_at=resolve_now(now))
        .execution_options(synchronize_session=False)
    )
    return await fenced_update(session, statement, "release_chunk", job_id=str(job_id), seq=seq, epoch=epoch)


async def fail_chunk(
    session: AsyncSession,
    job_id: uuid.UUID,
    seq: int,
    epoch: int,
    *,
    error_kind: str,
    error_message: str,
    now: datetime | None = None,
) -> bool:
    """Record why the chunk cannot be extracted (the caller fails the job); never claimed again."""
    statement = (
        update(JobChunk)
        .where(*_held(job_id, seq, epoch))
        .values(
            state="failed", lease_owner=None, lease_until=None, error_kind=error_kind, error_message=error_message,
            updated_at=resolve_now(now),
        )
        .execution_options(synchronize_session=False)
    )
    return await fenced_update(session, statement, "fail_chunk", job_id=str(job_id), seq=seq, epoch=epoch)


def _held(job_id: uuid.UUID, seq: int, epoch: int) -> tuple:
    return JobChunk.job_id == job_id, JobChunk.seq == seq, JobChunk.epoch == epoch, JobChunk.state == "running"

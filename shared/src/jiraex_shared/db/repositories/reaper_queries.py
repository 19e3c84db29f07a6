"""What the reaper republishes (work whose message was lost or whose worker died) and the stuck-work gauges.

The candidate queries lock what they return and skip rows another transaction holds (PostgreSQL; SQLite has
one writer anyway): a worker frozen inside a transaction must not hang the reaper's stamping UPDATEs, and two
scheduler replicas reaping at once split the work instead of both republishing it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.clock import resolve_now
from jiraex_shared.db.repositories.job_states import LIVE_JOB_STATES


class StuckCounts(NamedTuple):
    """Gauges for alerting: leases that ran out (a dead or paused worker) and how long the queue waits."""

    expired_job_leases: int
    expired_chunk_leases: int
    queued_jobs: int
    oldest_queued_age_seconds: float | None


async def stale_queued_jobs(
    session: AsyncSession, older_than: timedelta, *, now: datetime | None = None, limit: int = 500
) -> list[uuid.UUID]:
    """Jobs still ``queued`` and unclaimed after ``older_than``: their ``export.requested`` was likely lost."""
    rows = await _idle_jobs(session, ("queued",), older_than, resolve_now(now), limit)
    return [job_id for job_id, _ in rows]


async def abandoned_jobs(
    session: AsyncSession, older_than: timedelta, *, now: datetime | None = None, limit: int = 500
) -> list[tuple[uuid.UUID, str]]:
    """(job, state) planning or assembling with no live lease: republish its plan or assemble command."""
    return await _idle_jobs(session, ("planning", "assembling"), older_than, resolve_now(now), limit)


async def unassembled_jobs(
    session: AsyncSession, older_than: timedelta, *, now: datetime | None = None, limit: int = 500
) -> list[uuid.UUID]:
    """``running`` jobs with every chunk done but idle since: the ``export.assemble`` publish was lost."""
    now = resolve_now(now)
    statement = (
        select(Job.id)
        .where(
            Job.state == "running", Job.chunks_total.is_not(None), Job.chunks_done >= Job.chunks_total,
            Job.updated_at <= now - older_than,
        )
        .order_by(Job.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(statement)).all())


async def expired_chunks(
    session: AsyncSession,
    older_than: timedelta = timedelta(0),
    *,
    include_pending: bool = False,
    now: datetime | None = None,
    limit: int = 2000,
) -> list[tuple[uuid.UUID, int]]:
    """(job, seq) of live jobs' chunks whose lease expired, and with ``include_pending`` unclaimed ones too."""
    now = resolve_now(now)
    expired = and_(JobChunk.state == "running", JobChunk.lease_until <= now)
    condition = or_(expired, JobChunk.state == "pending") if include_pending else expired
    statement = (
        select(JobChunk.job_id, JobChunk.seq)
        .join(Job, Job.id == JobChunk.job_id)
        .where(condition, Job.state.in_(LIVE_JOB_STATES), JobChunk.updated_at <= now - older_than)
        .order_by(JobChunk.updated_at, JobChunk.job_id, JobChunk.seq)
        .limit(limit)
        .with_for_update(of=JobChunk, skip_locked=True)
    )
    return [(row.job_id, row.seq) for row in (await session.execute(statement)).all()]


async def note_republished_jobs(
    session: AsyncSession, job_ids: Iterable[uuid.UUID], *, now: datetime | None = None
) -> None:
    """Stamp ``updated_at`` on republished jobs so the queries above skip them for another ``older_than``.

    Without it a backlog longer than ``older_than`` would gain a duplicate message per job on every tick.
    Duplicates are harmless (the second delivery finds the claim taken and is dropped), just wasteful.
    """
    ids = list(job_ids)
    if ids:
        statement = update(Job).where(Job.id.in_(ids)).values(updated_at=resolve_now(now))
        await session.execute(statement.execution_options(synchronize_session=False))


async def note_republished_chunks(
    session: AsyncSession, chunks: Iterable[tuple[uuid.UUID, int]], *, now: datetime | None = None
) -> None:
    """The same as ``note_republished_jobs`` for (job, seq) chunk keys."""
    keys = list(chunks)
    if keys:
        statement = (
            update(JobChunk)
            .where(tuple_(JobChunk.job_id, JobChunk.seq).in_(keys))
            .values(updated_at=resolve_now(now))
        )
        await session.execute(statement.execution_options(synchronize_session=False))


async def stuck_counts(session: AsyncSession, *, now: datetime | None = None) -> StuckCounts:
    now = resolve_now(now)
    expired_jobs = select(func.count()).where(Job.state.in_(LIVE_JOB_STATES), Job.lease_until < now)
    expired_chunk_leases = (
        select(func.count())
        .select_from(JobChunk)
        .join(Job, Job.id == JobChunk.job_id)
        .where(JobChunk.state == "running", JobChunk.lease_until < now, Job.state.in_(LIVE_JOB_STATES))
    )
    queued = select(func.count(), func.min(Job.created_at)).where(Job.state == "queued")
    queued_count, oldest = (await session.execute(queued)).one()
    return StuckCounts(
        expired_job_leases=(await session.execute(expired_jobs)).scalar_one(),
        expired_chunk_leases=(await session.execute(expired_chunk_leases)).scalar_one(),
        queued_jobs=queued_count,
        oldest_queued_age_seconds=None if oldest is None else max(0.0, (now - oldest).total_seconds()),
    )


async def _idle_jobs(
    session: AsyncSession, states: tuple[str, ...], older_than: timedelta, now: datetime, limit: int
) -> list[tuple[uuid.UUID, str]]:
    statement = (
        select(Job.id, Job.state)
        .where(
            Job.state.in_(states), or_(Job.lease_until.is_(None), Job.lease_until <= now),
            Job.updated_at <= now - older_than,
        )
        .order_by(Job.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [(row.id, row.state) for row in (await session.execute(statement)).all()]

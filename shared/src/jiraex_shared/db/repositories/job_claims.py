"""Claiming a job: a conditional UPDATE that bumps the fencing epoch and takes a lease, renewed while working."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.clock import at, lease_expiry, resolve_now
from jiraex_shared.db.repositories.fencing import fenced_update
from jiraex_shared.db.repositories.job_states import LIVE_JOB_STATES, check_claimable


class Claim(NamedTuple):
    """A job held by one worker until ``lease_until``; every later write must carry ``epoch``."""

    job_id: uuid.UUID
    epoch: int
    lease_until: datetime
    state: str
    cancel_requested: bool


async def claim_job(
    session: AsyncSession,
    job_id: uuid.UUID,
    *,
    worker: str,
    lease_seconds: float,
    from_states: Iterable[str] = ("queued", "planning"),
    to_state: str | None = None,
    now: datetime | None = None,
) -> Claim | None:
    """Take the job if it is in one of ``from_states`` and nobody holds an unexpired lease on it.

    Returns None for a duplicate delivery, a job another worker holds, or one that has moved on (finished,
    cancelled, or past ``from_states``). ``to_state`` moves the job in the same statement (e.g. queued →
    planning), so a claim and its state change cannot be separated. A cancel request does not block the
    claim: the claimant sees ``cancel_requested`` and winds the job down itself.
    """
    states = check_claimable(from_states, to_state)
    now = resolve_now(now)
    values: dict[str, Any] = {
        "epoch": Job.epoch + 1, "lease_owner": worker, "lease_until": lease_expiry(now, lease_seconds),
        "attempts": Job.attempts + 1, "started_at": func.coalesce(Job.started_at, at(now)), "updated_at": now,
    }
    if to_state is not None:
        values["state"] = to_state
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.state.in_(states), or_(Job.lease_until.is_(None), Job.lease_until <= now))
        .values(values)
        .returning(Job.epoch, Job.lease_until, Job.state, Job.cancel_requested)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(statement)).first()
    return None if row is None else Claim(job_id, row.epoch, row.lease_until, row.state, row.cancel_requested)


async def renew_lease(
    session: AsyncSession, job_id: uuid.UUID, epoch: int, lease_seconds: float, *, now: datetime | None = None
) -> bool:
    """Extend the lease of the claim ``epoch``; False means the claim was lost and the work must stop."""
    now = resolve_now(now)
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.epoch == epoch, Job.state.in_(LIVE_JOB_STATES))
        .values(lease_until=lease_expiry(now, lease_seconds), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return await fenced_update(session, statement, "renew_job_lease", job_id=str(job_id), epoch=epoch)


async def release_job(session: AsyncSession, job_id: uuid.UUID, epoch: int, *, now: datetime | None = None) -> bool:
    """Give the job back (graceful shutdown, or the planner handing over to chunk workers)."""
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.epoch == epoch)
        .values(lease_owner=None, lease_until=None, updated_at=resolve_now(now))
        .execution_options(synchronize_session=False)
    )
    return await fenced_update(session, statement, "release_job", job_id=str(job_id), epoch=epoch)

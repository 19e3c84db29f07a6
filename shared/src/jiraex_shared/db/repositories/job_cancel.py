"""The cancel flag: set by the API or CLI on the job row, polled by workers between pages and chunks."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.base import utcnow
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.fencing import updated_rows
from jiraex_shared.db.repositories.job_states import LIVE_JOB_STATES


async def request_cancel(session: AsyncSession, job_id: uuid.UUID) -> bool:
    """Ask the job to stop; False when it had already finished (a finished job is never changed)."""
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.state.in_(LIVE_JOB_STATES))
        .values(cancel_requested=True, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return await updated_rows(session, statement) == 1


async def is_cancel_requested(session: AsyncSession, job_id: uuid.UUID) -> bool:
    """True when the job should stop: cancel requested, or the job row is gone (nothing left to work for)."""
    flag = (await session.execute(select(Job.cancel_requested).where(Job.id == job_id))).scalar_one_or_none()
    return flag is None or flag

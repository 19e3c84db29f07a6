"""Finding and deleting exports past their retention, with the audit row that records each deletion."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.audit import AuditEntry
from jiraex_shared.db.jobs import TERMINAL_JOB_STATES, Job

EXPIRED_ACTION = "export.expired"


async def expired_exports(session: AsyncSession, finished_before: datetime, *, limit: int = 50) -> list[Job]:
    """Finished jobs that ended before ``finished_before``, oldest first, locked (another sweeper skips them)."""
    statement = (
        select(Job)
        .where(Job.state.in_(TERMINAL_JOB_STATES), Job.finished_at < finished_before)
        .order_by(Job.finished_at, Job.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(statement)).all())


async def delete_expired_export(session: AsyncSession, job: Job, *, now: datetime, details: dict[str, Any]) -> None:
    """Delete the job row (its chunks, events and file rows cascade) and append the audit entry saying why."""
    session.add(AuditEntry(
        at=now, actor_id=None, action=EXPIRED_ACTION, target_type="job", target_id=str(job.id),
        details={"name": job.name, "state": job.state, "finished_at": job.finished_at.isoformat()
                 if job.finished_at else None, "owner_id": str(job.owner_id) if job.owner_id else None,
                 "schedule_id": str(job.schedule_id) if job.schedule_id else None, **details},
    ))
    await session.execute(delete(Job).where(Job.id == job.id).execution_options(synchronize_session=False))

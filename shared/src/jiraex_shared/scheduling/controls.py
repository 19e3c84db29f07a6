"""What a person does to a schedule through the API: run it now, or resume it after a pause."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.bus import CommandBus
from jiraex_shared.db.base import utcnow
from jiraex_shared.db.repositories import create_job
from jiraex_shared.db.repositories.schedule_claims import get_schedule
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.publishing import publish_all
from jiraex_shared.scheduling.run_spec import run_request, run_spec, timing_of
from jiraex_shared.scheduling.timing import next_slot_after

log = get_logger(__name__)


async def run_schedule_now(
    sessions: async_sessionmaker[AsyncSession], bus: CommandBus, schedule_id: uuid.UUID, *,
    now: datetime | None = None,
) -> uuid.UUID:
    """Create one run of the schedule planned for ``now`` (default: this instant) and publish it; its job id.

    Works for a paused or disabled schedule too (a person testing a fix). The run counts like any other:
    its outcome ends or extends the failure streak, and an incremental schedule narrows it the same way.
    Raises ``ScheduleNotFound`` and ``InvalidSchedule`` (the stored spec cannot be exported).
    """
    planned = utcnow() if now is None else now
    async with sessions() as session, session.begin():
        schedule = await get_schedule(session, schedule_id)
        spec = run_spec(schedule)
        job, _ = await create_job(
            session, spec=spec, connection_id=schedule.connection_id, name=spec.name, owner_id=schedule.owner_id,
            folder_id=schedule.folder_id, schedule_id=schedule.id, planned_run_at=planned,
        )
        request = run_request(job)
    await publish_all(bus, [request])
    log.info("schedule_run_now", schedule_id=str(schedule_id), job_id=str(job.id))
    return job.id


async def resume_schedule(session: AsyncSession, schedule: Schedule, *, now: datetime | None = None) -> None:
    """Clear a pause (or re-enable): a fresh failure count, and the next slot after now, so no backlog fires.

    Runs in the caller's transaction; lock the row first (``get_schedule(…, lock=True)``).
    """
    schedule.enabled = True
    schedule.paused_reason = None
    schedule.consecutive_failures = 0
    schedule.next_run_at = next_slot_after(timing_of(schedule), utcnow() if now is None else now)

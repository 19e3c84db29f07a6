"""Reading a schedule's finished runs from the job rows, the truth about them in every mode."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jiraex_shared.db.jobs import TERMINAL_JOB_STATES, Job
from jiraex_shared.db.repositories.job_states import LIVE_JOB_STATES
from jiraex_shared.db.schedules import Schedule


class RunRow(NamedTuple):
    """A scheduled run as its job row has it now."""

    planned_run_at: datetime
    state: str
    error_message: str | None


async def schedules_with_uncounted_runs(session: AsyncSession, *, limit: int = 100) -> list[Schedule]:
    """Schedules with a finished run to count, locked (another replica skips them).

    A run is countable when it is finished, planned after ``last_run_at`` (the last one counted) and no live
    run of the same schedule is planned before it, since runs are counted in planned order.
    """
    earlier = aliased(Job)
    # Correlated to both outer tables: the schedule being selected and the finished job being tested.
    live_before = (
        exists()
        .where(
            earlier.schedule_id == Schedule.id, earlier.state.in_(LIVE_JOB_STATES),
            earlier.planned_run_at < Job.planned_run_at,
            or_(Schedule.last_run_at.is_(None), earlier.planned_run_at > Schedule.last_run_at),
        )
        .correlate_except(earlier)
    )
    countable = exists().where(
        Job.schedule_id == Schedule.id, Job.planned_run_at.is_not(None), Job.state.in_(TERMINAL_JOB_STATES),
        or_(Schedule.last_run_at.is_(None), Job.planned_run_at > Schedule.last_run_at), ~live_before,
    )
    statement = (
        select(Schedule)
        .where(countable)
        .order_by(Schedule.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Schedule)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(statement)).all())


async def uncounted_runs(
    session: AsyncSession, schedule: Schedule, *, planned_before: datetime | None, limit: int = 500
) -> list[RunRow]:
    """The schedule's runs planned after ``last_run_at`` (and before ``planned_before``), in planned order.

    Live runs are included so the caller can stop at the first one; jobs without a planned time (published
    by another system with a schedule id) are not the scheduler's runs and are left out.
    """
    statement = select(Job.planned_run_at, Job.state, Job.error_message).where(
        Job.schedule_id == schedule.id, Job.planned_run_at.is_not(None)
    )
    if schedule.last_run_at is not None:
        statement = statement.where(Job.planned_run_at > schedule.last_run_at)
    if planned_before is not None:
        statement = statement.where(Job.planned_run_at < planned_before)
    rows = await session.execute(statement.order_by(Job.planned_run_at).limit(limit))
    return [RunRow(row.planned_run_at, row.state, row.error_message) for row in rows]

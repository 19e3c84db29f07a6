"""Claiming due schedules: row locks that two scheduler replicas skip rather than wait for."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.schedules import Schedule
from jiraex_shared.db.users import User


class ScheduleNotFound(LookupError):
    """No schedule has this id."""


async def claim_due_schedules(session: AsyncSession, now: datetime, *, limit: int = 100) -> list[Schedule]:
    """Active schedules whose ``next_run_at`` has come (or was never computed), locked until the transaction ends.

    ``FOR UPDATE SKIP LOCKED`` on PostgreSQL: a second replica ticking at the same moment gets the other rows,
    never the same one, and never waits. SQLite has no row locks (SQLAlchemy leaves the clause out); there a
    single scheduler runs, and the unique (schedule, planned run) pair still refuses a duplicate run.
    """
    statement = (
        select(Schedule)
        .where(
            Schedule.enabled.is_(True), Schedule.paused_reason.is_(None),
            or_(Schedule.next_run_at.is_(None), Schedule.next_run_at <= now),
        )
        .order_by(Schedule.next_run_at, Schedule.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(statement)).all())


async def get_schedule(session: AsyncSession, schedule_id: uuid.UUID, *, lock: bool = False) -> Schedule:
    """The schedule as stored now; ``lock`` holds its row until the transaction ends (waiting for a tick)."""
    statement = select(Schedule).where(Schedule.id == schedule_id).execution_options(populate_existing=True)
    if lock:
        statement = statement.with_for_update()
    schedule = (await session.scalars(statement)).one_or_none()
    if schedule is None:
        raise ScheduleNotFound(f"no schedule {schedule_id}")
    return schedule


async def owner_email(session: AsyncSession, schedule: Schedule) -> str | None:
    """Where the schedule's owner receives mail; None for a deactivated owner."""
    statement = select(User.email).where(User.id == schedule.owner_id, User.active.is_(True))
    return (await session.scalars(statement)).one_or_none()

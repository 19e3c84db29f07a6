"""What the notifier reads to address a job mail: the owner's contact and preferences, the schedule's recipients."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.schedules import Schedule
from jiraex_shared.db.users import User


@dataclass(frozen=True)
class OwnerContact:
    """The job owner as the notifier needs them: where to write, whether the account is live, what they want."""

    email: str
    active: bool
    preferences: dict[str, object]


@dataclass(frozen=True)
class JobAudience:
    owner: OwnerContact | None = None
    schedule_name: str | None = None
    schedule_recipients: list[object] = field(default_factory=list)


async def load_job_audience(session: AsyncSession, owner_id: str | None, schedule_id: str | None) -> JobAudience:
    """The owner and schedule an event names; an id that is not a UUID or names no row reads as absent.

    Events may come from other systems (or name a user deleted since), so absence is normal, not an error.
    """
    owner = None
    if (owner_uuid := _uuid(owner_id)) is not None:
        row = (
            await session.execute(select(User.email, User.active, User.preferences).where(User.id == owner_uuid))
        ).first()
        if row is not None:
            owner = OwnerContact(email=row.email, active=row.active, preferences=dict(row.preferences or {}))
    if (schedule_uuid := _uuid(schedule_id)) is not None:
        row = (
            await session.execute(select(Schedule.name, Schedule.recipients).where(Schedule.id == schedule_uuid))
        ).first()
        if row is not None:
            return JobAudience(owner, row.name, list(row.recipients or []))
    return JobAudience(owner)


def _uuid(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None

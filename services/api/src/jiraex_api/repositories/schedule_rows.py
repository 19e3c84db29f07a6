"""SQL over `schedules` for the API: the rows a caller may see, one of them (optionally locked), by name."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.schedules import Schedule


async def list_schedules(session: AsyncSession, *, owner_id: uuid.UUID | None) -> list[Schedule]:
    """``owner_id``'s schedules (None: everyone's), by name."""
    query = select(Schedule).order_by(Schedule.name, Schedule.id)
    if owner_id is not None:
        query = query.where(Schedule.owner_id == owner_id)
    return list((await session.scalars(query)).all())


async def find_schedule(
    session: AsyncSession, schedule_id: uuid.UUID, *, owner_id: uuid.UUID | None, lock: bool = False
) -> Schedule | None:
    """The schedule if it belongs to ``owner_id`` (None: any owner); ``lock`` holds the row against a tick."""
    query = select(Schedule).where(Schedule.id == schedule_id).execution_options(populate_existing=True)
    if owner_id is not None:
        query = query.where(Schedule.owner_id == owner_id)
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).one_or_none()

"""Job events kept in PostgreSQL (state changes, warnings, errors, the terminal event) so history outlives Redis."""

from __future__ import annotations

import uuid
from typing import NamedTuple

import msgspec
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.contracts.progress import ProgressEvent
from jiraex_shared.db.job_events import JobEvent


class StoredJobEvent(NamedTuple):
    id: int
    stream_id: str | None
    event: ProgressEvent


async def add_job_event(
    session: AsyncSession, job_id: uuid.UUID, event: ProgressEvent, stream_id: str | None = None
) -> None:
    """Record ``event`` (its msgspec form, tag in ``type``); ``stream_id`` links it to its Redis entry."""
    payload = msgspec.to_builtins(event)
    row = {"job_id": job_id, "stream_id": stream_id, "type": payload["type"], "payload": payload}
    await session.execute(insert(JobEvent).values(row))


async def job_event_history(
    session: AsyncSession, job_id: uuid.UUID, *, after_id: int | None = None, limit: int = 1000
) -> list[StoredJobEvent]:
    """The job's stored events in the order they were recorded, after ``after_id`` when given."""
    statement = select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id).limit(limit)
    if after_id is not None:
        statement = statement.where(JobEvent.id > after_id)
    rows = (await session.scalars(statement)).all()
    return [StoredJobEvent(row.id, row.stream_id, msgspec.convert(row.payload, ProgressEvent)) for row in rows]

"""Creating and reading job rows; a repeated idempotency key or schedule slot finds the job made first."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.base import utcnow
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories.dialect_insert import upsert_insert
from jiraex_shared.pipeline.spec import ExportSpec


class JobNotFound(LookupError):
    """No job has this id (never created, or deleted with its owner's data)."""


async def create_job(
    session: AsyncSession,
    *,
    spec: ExportSpec,
    connection_id: uuid.UUID | None,
    name: str,
    owner_id: uuid.UUID | None = None,
    folder_id: uuid.UUID | None = None,
    schedule_id: uuid.UUID | None = None,
    planned_run_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> tuple[Job, bool]:
    """Insert a ``queued`` job; returns ``(job, created)``.

    When the idempotency key or the (schedule, planned run) slot is already taken, the existing job is
    returned with ``created=False``. ``INSERT … ON CONFLICT DO NOTHING`` makes this race-free: a concurrent
    insert of the same key waits for the first transaction and then finds its row, and no unique-violation
    error ever aborts the caller's transaction.
    """
    now = utcnow()
    values = {
        "id": uuid.uuid4(), "owner_id": owner_id, "connection_id": connection_id, "folder_id": folder_id,
        "schedule_id": schedule_id, "planned_run_at": planned_run_at, "idempotency_key": idempotency_key,
        "name": name, "spec": msgspec.to_builtins(spec), "state": "queued", "created_at": now, "updated_at": now,
    }
    statement = upsert_insert(session, Job).values(values).on_conflict_do_nothing().returning(Job.id)
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is not None:
        return await get_job(session, inserted), True
    existing = await _find_duplicate(session, idempotency_key, schedule_id, planned_run_at)
    if existing is None:
        raise RuntimeError("the job insert conflicted, but no job holds its idempotency key or schedule slot")
    return existing, False


async def get_job(session: AsyncSession, job_id: uuid.UUID) -> Job:
    """The job as the database has it now (a cached instance in the session is refreshed)."""
    statement = select(Job).where(Job.id == job_id).execution_options(populate_existing=True)
    job = (await session.execute(statement)).scalar_one_or_none()
    if job is None:
        raise JobNotFound(f"no job {job_id}")
    return job


def spec_of(job: Job) -> ExportSpec:
    """The export specification stored with ``job``."""
    return msgspec.convert(job.spec, ExportSpec)


async def _find_duplicate(
    session: AsyncSession, idempotency_key: str | None, schedule_id: uuid.UUID | None, planned_run_at: datetime | None
) -> Job | None:
    conditions = []
    if idempotency_key is not None:
        conditions.append(Job.idempotency_key == idempotency_key)
    if schedule_id is not None and planned_run_at is not None:
        conditions.append((Job.schedule_id == schedule_id) & (Job.planned_run_at == planned_run_at))
    for condition in conditions:
        statement = select(Job).where(condition).execution_options(populate_existing=True)
        if (job := (await session.execute(statement)).scalar_one_or_none()) is not None:
            return job
    return None

"""Jobs for their owner (admins: everyone's): list, detail, cancel, delete with its files, stored events."""

import uuid

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import audit_rows, job_rows
from jiraex_api.repositories.job_rows import JobFilters
from jiraex_api.schemas.jobs import JobDetail, JobEventOut, JobEventPage, JobPage
from jiraex_api.services.errors import Conflict, NotFound
from jiraex_api.services.job_views import decode_cursor, encode_cursor, job_detail, job_summary
from jiraex_api.services.principal import Principal
from jiraex_shared.connections.service_deps import scope_of
from jiraex_shared.db import Job, utcnow
from jiraex_shared.db.repositories import LIVE_JOB_STATES, job_event_history, job_files, request_cancel
from jiraex_shared.jobs.paths import work_prefix
from jiraex_shared.log import get_logger
from jiraex_shared.storage import ArtifactStore, job_prefix

log = get_logger(__name__)


async def visible_job(session: AsyncSession, caller: Principal, job_id: uuid.UUID) -> Job:
    """The job if the caller may see it; NotFound for missing and foreign jobs alike (no probing of ids)."""
    job = await job_rows.find_job(session, job_id, owner_id=scope_of(caller))
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job


async def list_jobs(
    session: AsyncSession, caller: Principal, filters: JobFilters, *, limit: int, cursor: str | None
) -> JobPage:
    scoped = JobFilters(
        owner_id=scope_of(caller), state=filters.state, folder_id=filters.folder_id,
        connection_id=filters.connection_id, schedule_id=filters.schedule_id,
    )
    after = decode_cursor(cursor) if cursor else None
    # One row more than asked tells whether another page exists without a COUNT.
    rows = await job_rows.page_of_jobs(session, scoped, limit=limit + 1, after=after)
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]) if len(rows) > limit else None
    return JobPage(items=[job_summary(job) for job in page], next_cursor=next_cursor)


async def get_job_detail(session: AsyncSession, caller: Principal, job_id: uuid.UUID) -> JobDetail:
    job = await visible_job(session, caller, job_id)
    return job_detail(job, await job_files(session, job.id))


async def cancel_job(session: AsyncSession, caller: Principal, job_id: uuid.UUID) -> JobDetail:
    """Raise the cancel flag; workers stop between pages and chunks and the job ends `cancelled`."""
    job = await visible_job(session, caller, job_id)
    if not await request_cancel(session, job.id):
        raise Conflict(f"the job has already finished ({job.state})")
    await session.commit()
    log.info("job_cancel_requested", job_id=str(job_id), by=str(caller.user_id))
    return await get_job_detail(session, caller, job_id)


async def delete_job(session: AsyncSession, store: ArtifactStore, caller: Principal, job_id: uuid.UUID) -> None:
    """Delete a finished job: its stored files first, then the row (a crash in between leaves a row to retry)."""
    job = await visible_job(session, caller, job_id)
    if job.state in LIVE_JOB_STATES:
        raise Conflict(f"the job is still {job.state}; cancel it first")
    name, owner = job.name, job.owner_id
    await session.rollback()  # no transaction stays open while the store deletes
    removed = await store.delete_prefix(job_prefix(job_id)) + await store.delete_prefix(work_prefix(job_id))
    await job_rows.delete_job_row(session, job_id)
    await audit_rows.record(session, at=utcnow(), action="export.deleted", actor_id=caller.user_id, target_type="job",
                            target_id=job_id, details={"name": name, "owner_id": str(owner) if owner else None})
    await session.commit()
    log.info("job_deleted", job_id=str(job_id), by=str(caller.user_id), objects=removed)


async def job_events(
    session: AsyncSession, caller: Principal, job_id: uuid.UUID, *, after: int | None, limit: int
) -> JobEventPage:
    """The durable history (state changes, warnings, errors, the outcome), for clients that cannot use SSE."""
    await visible_job(session, caller, job_id)
    rows = await job_event_history(session, job_id, after_id=after, limit=limit + 1)
    page = rows[:limit]
    items = [
        JobEventOut(id=row.id, stream_id=row.stream_id, type=str(row.event.__struct_config__.tag),
                    data=msgspec.to_builtins(row.event))
        for row in page
    ]
    return JobEventPage(items=items, next_after=page[-1].id if len(rows) > limit else None)

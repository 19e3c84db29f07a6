"""SQL over `jobs` for the API: rows a caller may see, keyset pages newest first, and removal."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import Job
from jiraex_shared.db.files import File
from jiraex_shared.db.folders import Folder


@dataclass(frozen=True)
class JobFilters:
    """``owner_id`` None lists every owner's jobs (admins); the other fields narrow when set."""

    owner_id: uuid.UUID | None
    state: str | None = None
    folder_id: uuid.UUID | None = None
    connection_id: uuid.UUID | None = None
    schedule_id: uuid.UUID | None = None


async def find_job(session: AsyncSession, job_id: uuid.UUID, *, owner_id: uuid.UUID | None) -> Job | None:
    """The job when it exists and belongs to ``owner_id`` (None: any owner); a foreign job looks missing."""
    query = select(Job).where(Job.id == job_id).execution_options(populate_existing=True)
    if owner_id is not None:
        query = query.where(Job.owner_id == owner_id)
    return (await session.execute(query)).scalar_one_or_none()


async def page_of_jobs(
    session: AsyncSession, filters: JobFilters, *, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> list[Job]:
    """Up to ``limit`` jobs ordered by (created_at, id) descending, strictly after the keyset ``after``."""
    query = select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    conditions = [
        column == value
        for column, value in (
            (Job.owner_id, filters.owner_id), (Job.state, filters.state), (Job.folder_id, filters.folder_id),
            (Job.connection_id, filters.connection_id), (Job.schedule_id, filters.schedule_id),
        )
        if value is not None
    ]
    if after is not None:
        created_at, job_id = after
        conditions.append(or_(Job.created_at < created_at, and_(Job.created_at == created_at, Job.id < job_id)))
    if conditions:
        query = query.where(*conditions)
    return list((await session.scalars(query)).all())


async def find_file(session: AsyncSession, job_id: uuid.UUID, path: str) -> File | None:
    """The job's file recorded at exactly ``path``: the only way a download finds a storage key."""
    query = select(File).where(File.job_id == job_id, File.path == path)
    return (await session.execute(query)).scalar_one_or_none()


async def find_folder(session: AsyncSession, folder_id: uuid.UUID, *, owner_id: uuid.UUID | None) -> Folder | None:
    query = select(Folder).where(Folder.id == folder_id)
    if owner_id is not None:
        query = query.where(Folder.owner_id == owner_id)
    return (await session.execute(query)).scalar_one_or_none()


async def delete_job_row(session: AsyncSession, job_id: uuid.UUID) -> None:
    """Delete the row; its chunks, events and file rows go with it (ON DELETE CASCADE, on SQLite too)."""
    await session.execute(delete(Job).where(Job.id == job_id))

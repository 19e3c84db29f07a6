"""The files a job produced, with the size and SHA-256 its receipt lists."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.base import utcnow
from jiraex_shared.db.files import File
from jiraex_shared.db.repositories.dialect_insert import upsert_insert


async def record_file(
    session: AsyncSession, job_id: uuid.UUID, *, path: str, size: int, sha256: str, content_type: str, uri: str
) -> None:
    """Insert or, for a re-run assembly, replace the job's file at ``path``."""
    described = {"size": size, "sha256": sha256, "content_type": content_type, "uri": uri}
    statement = (
        upsert_insert(session, File)
        .values(id=uuid.uuid4(), job_id=job_id, path=path, created_at=utcnow(), **described)
        .on_conflict_do_update(index_elements=["job_id", "path"], set_=described)
    )
    await session.execute(statement)


async def job_files(session: AsyncSession, job_id: uuid.UUID) -> list[File]:
    """The job's files ordered by path."""
    statement = select(File).where(File.job_id == job_id).order_by(File.path)
    return list((await session.scalars(statement)).all())

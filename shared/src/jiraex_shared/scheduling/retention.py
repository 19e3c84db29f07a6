"""The retention sweeper: delete finished exports older than the configured retention, files first, then rows."""

from __future__ import annotations

from datetime import timedelta

from jiraex_shared.db.repositories.schedule_retention import delete_expired_export, expired_exports
from jiraex_shared.jobs.paths import work_prefix
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.deps import SchedulerDeps
from jiraex_shared.storage import job_prefix

log = get_logger(__name__)


async def sweep_expired_exports(deps: SchedulerDeps, *, batch: int = 50) -> int:
    """Delete every export that finished more than ``export_retention_days`` ago; returns how many (0 when off).

    Each job's row stays locked while its files are deleted, so a second replica skips it; the row and its
    audit entry go in the same commit after the files, so a failure part-way leaves the row for the next sweep
    (deleting a prefix again is harmless) and never a row whose files are half gone without a record.
    """
    days = deps.settings.export_retention_days
    if days <= 0:
        return 0
    deleted = 0
    while True:
        now = deps.clock()
        async with deps.sessions() as session, session.begin():
            jobs = await expired_exports(session, now - timedelta(days=days), limit=batch)
            for job in jobs:
                removed = await deps.store.delete_prefix(job_prefix(job.id))
                await deps.store.delete_prefix(work_prefix(job.id))
                await delete_expired_export(session, job, now=now, details={"retention_days": days,
                                                                             "objects_deleted": removed})
                log.info("export_expired_deleted", job_id=str(job.id), objects=removed)
        deleted += len(jobs)
        if len(jobs) < batch:
            return deleted

"""Ending a job: one terminal state in PostgreSQL, then the outcome on the progress stream and the event bus."""

import uuid
from typing import Any

from jiraex_shared.contracts import (
    ExportCounts,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobSucceeded,
    JobSucceededWithWarnings,
)
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories import add_job_event, get_job, set_state
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.paths import work_prefix
from jiraex_shared.log import get_logger
from jiraex_shared.storage import job_prefix

log = get_logger(__name__)


def job_counts(job: Job) -> ExportCounts:
    return ExportCounts(
        issues_expected=job.issues_expected or 0, issues_exported=job.issues_exported, comments=job.comments,
        histories=job.histories, worklogs=job.worklogs, attachments=job.attachments,
        attachment_bytes=job.attachment_bytes,
    )


def _finished(job: Job, cls: type[JobFinished], **extra: Any) -> JobFinished:
    return cls(
        job_id=str(job.id), export_name=job.name, owner_id=str(job.owner_id) if job.owner_id else None,
        schedule_id=str(job.schedule_id) if job.schedule_id else None, counts=job_counts(job),
        started_at=job.started_at, **extra,
    )


async def finish(deps: JobDeps, job_id: uuid.UUID, epoch: int | None, state: str, **details: Any) -> bool:
    """Move the job to a terminal `state` and announce it; False (and nothing announced) if someone else won.

    `details`: `error_kind`/`error_message` for failed, `receipt`/`counters`/`warning_messages` for success.
    """
    warning_messages = details.pop("warning_messages", ())
    async with deps.sessions() as session, session.begin():
        if not await set_state(session, job_id, epoch, state, **details):
            return False
        job = await get_job(session, job_id)
        if state == "failed":
            event = _finished(job, JobFailed, error_message=job.error_message or "failed",
                              error_kind=job.error_kind or "internal")
        elif state == "cancelled":
            event = _finished(job, JobCancelled)
        elif state == "succeeded_with_warnings":
            event = _finished(job, JobSucceededWithWarnings, warnings=len(warning_messages),
                              warning_messages=tuple(warning_messages[:100]))
        else:
            event = _finished(job, JobSucceeded)
        await add_job_event(session, job_id, event, None)
    # Published after the commit: a crash between the two loses an announcement, never a state. The stream
    # is a cache of progress (PostgreSQL keeps the event too), so a Redis outage must not fail the job.
    try:
        await deps.events.append(str(job_id), event)
        await deps.events.expire(str(job_id), 3600)
    except Exception as error:
        log.warning("outcome_stream_append_failed", job_id=str(job_id), error=str(error))
    await deps.bus.publish(event)
    log.info("job_finished", job_id=str(job_id), state=state)
    return True


async def fail(deps: JobDeps, job_id: uuid.UUID, epoch: int | None, *, kind: str, message: str) -> bool:
    finished = await finish(deps, job_id, epoch, "failed", error_kind=kind, error_message=message[:8000])
    if finished:
        await deps.store.delete_prefix(work_prefix(job_id))
    return finished


async def cancel(deps: JobDeps, job_id: uuid.UUID) -> bool:
    """End a job whose cancel flag is set: partial and intermediate files are removed first."""
    await deps.store.delete_prefix(work_prefix(job_id))
    await deps.store.delete_prefix(job_prefix(job_id))
    return await finish(deps, job_id, None, "cancelled")

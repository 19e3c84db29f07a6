"""Progress reporters for job steps, with the events that must outlive Redis persisted in PostgreSQL."""

import uuid

from jiraex_shared.contracts import ProgressEvent
from jiraex_shared.contracts.progress import JobPhase
from jiraex_shared.db.repositories import add_job_event
from jiraex_shared.eventstream import JobProgressReporter
from jiraex_shared.jira import RequestStats
from jiraex_shared.jobs.deps import JobDeps


def job_reporter(
    deps: JobDeps, job_id: uuid.UUID, phase: JobPhase, stats: RequestStats, *, persist: bool = True
) -> JobProgressReporter:
    """A reporter for one step; `persist=False` where the step's repository call stores the warnings itself."""

    async def save(event: ProgressEvent, stream_id: str | None) -> None:
        async with deps.sessions() as session, session.begin():
            await add_job_event(session, job_id, event, stream_id)

    return JobProgressReporter(
        deps.events, str(job_id), phase=phase, stats=stats, persist=save if persist else None,
    )

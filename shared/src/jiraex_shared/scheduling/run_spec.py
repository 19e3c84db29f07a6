"""What one run of a schedule exports: its stored spec, narrowed by the incremental cut-off, and its command."""

from __future__ import annotations

import msgspec

from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.scheduling.incremental import incremental_cutoff, updated_since
from jiraex_shared.scheduling.timing import InvalidSchedule, ScheduleTiming


def timing_of(schedule: Schedule) -> ScheduleTiming:
    """The schedule's timing; interval slots count from when the schedule was created (whole seconds)."""
    return ScheduleTiming(
        cron=schedule.cron, interval_seconds=schedule.interval_seconds, timezone=schedule.timezone,
        anchor=schedule.created_at.replace(microsecond=0),
    )


def run_spec(schedule: Schedule) -> ExportSpec:
    """The export a run launches now: the stored spec, named after the schedule unless it names itself."""
    try:
        spec = msgspec.convert(schedule.spec, ExportSpec)
    except msgspec.ValidationError as error:
        raise InvalidSchedule(f"the schedule's export spec is invalid: {error}") from error
    if "name" not in schedule.spec:
        spec = msgspec.structs.replace(spec, name=schedule.name)
    if schedule.incremental:
        since = incremental_cutoff(schedule.last_success_started_at, schedule.lookback_seconds)
        if since is not None:
            spec = msgspec.structs.replace(spec, jql=updated_since(spec.jql, since))
    return spec


def run_request(job: Job) -> ExportRequested:
    """The ``export.requested`` command for a run's job row (the worker reads the spec from the row)."""
    spec = msgspec.convert(job.spec, ExportSpec)
    return ExportRequested(
        job_id=str(job.id), connection_id=str(job.connection_id), jql=spec.jql, formats=spec.formats,
        include=spec.include, fields=spec.fields, archive=spec.archive, name=job.name,
        folder_id=str(job.folder_id) if job.folder_id else None,
        requested_by=str(job.owner_id) if job.owner_id else None,
        schedule_id=str(job.schedule_id) if job.schedule_id else None,
    )

"""One tick's launches: claim due schedules, create their runs and move next_run_at in one transaction, then publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db.repositories import create_job
from jiraex_shared.db.repositories.schedule_claims import claim_due_schedules
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.catch_up import due_runs
from jiraex_shared.scheduling.deps import SchedulerDeps
from jiraex_shared.scheduling.publishing import publish_all
from jiraex_shared.scheduling.run_spec import run_request, run_spec, timing_of
from jiraex_shared.scheduling.timing import next_slot_after

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Launched:
    """What a tick did: runs created, slots another replica (or an earlier attempt) had already created."""

    created: int
    already_taken: int
    schedules: int


async def launch_due_runs(deps: SchedulerDeps, *, batch: int = 100) -> Launched:
    """Launch every run that is due now; returns the counts (one batch of schedules per transaction)."""
    created = taken = schedules = 0
    while True:
        now = deps.clock()
        requests: list[ExportRequested] = []
        async with deps.sessions() as session, session.begin():
            claimed = await claim_due_schedules(session, now, limit=batch)
            for schedule in claimed:
                new, old = await _launch(session, schedule, now, deps, requests)
                created, taken = created + new, taken + old
        schedules += len(claimed)
        # After the commit: a crash here leaves queued jobs whose command the reaper republishes.
        await publish_all(deps.bus, requests)
        if len(claimed) < batch:
            return Launched(created, taken, schedules)


async def _launch(
    session: AsyncSession, schedule: Schedule, now: datetime, deps: SchedulerDeps, requests: list[ExportRequested]
) -> tuple[int, int]:
    try:
        timing = timing_of(schedule)
        if schedule.next_run_at is None:
            # A new (or re-enabled) schedule starts at its next slot; it does not fire for the moment it was saved.
            schedule.next_run_at = next_slot_after(timing, now)
            return 0, 0
        plan = due_runs(timing, schedule.next_run_at, now, schedule.catch_up, grace=deps.grace)
        spec = run_spec(schedule)
    except ValueError as error:  # InvalidSchedule, or a policy the table's CHECK should have refused
        schedule.paused_reason = f"invalid schedule: {error}"
        log.warning("schedule_invalid_paused", schedule_id=str(schedule.id), error=str(error))
        return 0, 0
    created = taken = 0
    for planned in plan.runs:
        job, new = await create_job(
            session, spec=spec, connection_id=schedule.connection_id, name=spec.name,
            owner_id=schedule.owner_id, folder_id=schedule.folder_id, schedule_id=schedule.id,
            planned_run_at=planned,
        )
        if new:
            created += 1
            requests.append(run_request(job))
        else:
            taken += 1
            log.warning("schedule_slot_already_taken", schedule_id=str(schedule.id), planned_run_at=planned.isoformat())
    if created:
        log.info("schedule_fired", schedule_id=str(schedule.id), runs=created, next_run_at=plan.next_run_at.isoformat())
    elif not plan.runs and schedule.next_run_at <= now:
        log.info("schedule_missed_runs_skipped", schedule_id=str(schedule.id), policy=schedule.catch_up)
    schedule.next_run_at = plan.next_run_at
    return created, taken

"""One tick's bookkeeping: count finished runs into their schedules, pause a failing one and tell its owner."""

from __future__ import annotations

from jiraex_shared.contracts import SendEmail
from jiraex_shared.db.repositories.schedule_claims import owner_email
from jiraex_shared.db.repositories.schedule_outcomes import schedules_with_uncounted_runs, uncounted_runs
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.deps import SchedulerDeps
from jiraex_shared.scheduling.outcomes import FinishedRun, RunTally, count_runs, pause_reason
from jiraex_shared.scheduling.publishing import publish_all

log = get_logger(__name__)


async def count_finished_runs(deps: SchedulerDeps, *, batch: int = 100) -> int:
    """Fold newly finished runs into their schedules; returns how many schedules were paused.

    Reads the job rows rather than the ``job.*`` events: the rows exist in every mode, an event published
    after its commit can be lost, and a redelivered event would count twice. Each schedule's row is locked
    while its runs are counted and ``last_run_at`` records the last one counted, so every run counts once.
    """
    paused = 0
    while True:
        changed = 0
        mails: list[SendEmail] = []
        async with deps.sessions() as session, session.begin():
            schedules = await schedules_with_uncounted_runs(session, limit=batch)
            for schedule in schedules:
                # Slots before next_run_at all exist already; a later one may still be created by a tick, so an
                # active schedule's count stops there (a run-now job planned beyond waits for the tick to pass).
                active = schedule.enabled and schedule.paused_reason is None
                rows = await uncounted_runs(session, schedule, planned_before=schedule.next_run_at if active else None)
                runs = [FinishedRun(row.planned_run_at, row.state, row.error_message) for row in rows]
                before = _tally(schedule)
                after = count_runs(before, runs)
                if after == before:
                    continue
                _store(schedule, after)
                changed += 1
                reason = pause_reason(after, deps.settings.scheduler_failure_limit)
                if reason is not None and schedule.paused_reason is None:
                    schedule.paused_reason = reason
                    paused += 1
                    log.warning("schedule_paused", schedule_id=str(schedule.id), failures=after.consecutive_failures)
                    if (address := await owner_email(session, schedule)) is not None:
                        mails.append(_paused_mail(deps, schedule, address, after))
        await publish_all(deps.bus, mails)
        # Another batch only while this one made progress (one blocked by the next_run_at bound stays selectable).
        if len(schedules) < batch or changed == 0:
            return paused


def _tally(schedule: Schedule) -> RunTally:
    return RunTally(
        counted_until=schedule.last_run_at, consecutive_failures=schedule.consecutive_failures,
        last_success_started_at=schedule.last_success_started_at,
    )


def _store(schedule: Schedule, tally: RunTally) -> None:
    schedule.last_run_at = tally.counted_until
    schedule.consecutive_failures = tally.consecutive_failures
    schedule.last_success_started_at = tally.last_success_started_at


def _paused_mail(deps: SchedulerDeps, schedule: Schedule, address: str, tally: RunTally) -> SendEmail:
    return SendEmail(
        template="schedule_paused", to=address,
        params={
            "schedule_name": schedule.name[:8000],
            "schedule_url": f"{deps.settings.public_url.rstrip('/')}/schedules/{schedule.id}",
            "consecutive_failures": str(tally.consecutive_failures),
            "last_error": (tally.last_error or "")[:8000],
        },
    )

"""The scheduler driving real extractor workers over RabbitMQ: incremental runs and pausing on repeated failure.

The simulator's issues cannot change while a test runs, so time is moved instead: the scheduler's clock is
pinned inside the dataset's own history. "Issues updated after the first run" are then exactly the ones whose
stored ``updated`` time is later than the first run's planned time, read straight from the dataset's records.
"""

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aio_pika
import pytest
from fleet_harness import Fleet, running_fleet
from sched_helpers import FixedClock
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_shared.bus.rabbit_bus import open_rabbit_command_bus
from jiraex_shared.db.jobs import TERMINAL_JOB_STATES, Job
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.db.users import User
from jiraex_shared.scheduling import SchedulerDeps, run_tick
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import job_key, open_artifact_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SIM = SimConfig(issues=160, seed=4, heavy_every=1000, max_attachment_bytes=2_000)
JQL = "project = ALPHA ORDER BY key ASC"
LOOKBACK = 600


async def _finished(fleet: Fleet, schedule_id: uuid.UUID, count: int) -> list[Job]:
    """The schedule's ``count`` runs once each has ended, followed on its progress stream (no polling)."""
    async with fleet.sessions() as session:
        jobs = list((await session.scalars(
            select(Job).where(Job.schedule_id == schedule_id).order_by(Job.planned_run_at))).all())
    assert len(jobs) == count
    for job in jobs:
        if job.state not in TERMINAL_JOB_STATES:
            await fleet.follow(job.id, within=180)
    async with fleet.sessions() as session:
        return [found for job in jobs if (found := await session.get(Job, job.id, populate_existing=True))]


async def _exported_keys(fleet: Fleet, job: Job) -> list[str]:
    async with open_artifact_store(fleet.settings) as store:
        body = b"".join([chunk async for chunk in store.open_read(job_key(job.id, job.name, "issues.ndjson"))])
    return [json.loads(line)["key"] for line in body.splitlines() if line.strip()]


async def _add_schedule(fleet: Fleet, **values) -> uuid.UUID:  # type: ignore[no-untyped-def]
    async with fleet.sessions.begin() as session:
        owner_id = await session.scalar(select(User.id))
        schedule = Schedule(owner_id=owner_id, connection_id=fleet.connection_id, cron="0 * * * *", **values)
        session.add(schedule)
    return schedule.id


async def test_an_incremental_schedule_exports_only_issues_updated_since_its_last_success(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, workers=1) as fleet:
        dataset = fleet.sim.dataset
        records = dataset.records
        alpha = [i for i in range(len(dataset)) if dataset.project_infos[records.project[i]].key == "ALPHA"]
        updated = sorted(records.updated[i] for i in alpha)
        # The first run happens at the top of the hour around which a third of ALPHA's issues were updated later.
        first_run = datetime.fromtimestamp(updated[len(updated) * 2 // 3] / 1000, UTC).replace(minute=0, second=0,
                                                                                                 microsecond=0)
        cutoff_ms = int((first_run - timedelta(seconds=LOOKBACK)).timestamp() * 1000)
        changed = sorted((dataset.issue_key(i) for i in alpha if records.updated[i] >= cutoff_ms), key=_key_order)
        assert 0 < len(changed) < len(alpha)

        schedule_id = await _add_schedule(fleet, name="alpha-incremental", spec={"jql": JQL, "formats": ["ndjson"]},
                                          incremental=True, lookback_seconds=LOOKBACK, next_run_at=first_run)
        clock = FixedClock(first_run + timedelta(seconds=5))
        async with open_rabbit_command_bus(rabbitmq_url, app_id="test-scheduler") as bus, \
                open_artifact_store(fleet.settings) as store:
            deps = SchedulerDeps(settings=fleet.settings, sessions=fleet.sessions, bus=bus, store=store, clock=clock)
            await run_tick(deps)
            [first] = await _finished(fleet, schedule_id, 1)
            clock.now = first_run + timedelta(hours=1, seconds=5)
            await run_tick(deps)  # counts the first run's success, then launches the second
            first, second = await _finished(fleet, schedule_id, 2)
        assert (first.state, second.state) == ("succeeded", "succeeded")
        assert second.spec["jql"] == f"(project = ALPHA) AND updated >= {cutoff_ms} ORDER BY key ASC"
        all_alpha = sorted((dataset.issue_key(i) for i in alpha), key=_key_order)
        assert await _exported_keys(fleet, first) == all_alpha
        assert await _exported_keys(fleet, second) == changed
        async with fleet.sessions() as session:
            schedule = await session.get(Schedule, schedule_id)
            assert schedule is not None
            assert (schedule.last_success_started_at, schedule.consecutive_failures) == (first_run, 0)


async def test_a_schedule_failing_n_times_is_paused_and_its_owner_mailed_over_rabbitmq(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, workers=1) as fleet:
        start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
        schedule_id = await _add_schedule(fleet, name="broken", spec={"jql": "project = NOPE", "formats": ["json"]},
                                          next_run_at=start)
        settings = load_settings({**fleet.env, "JIRA_EXTRACTOR_SCHEDULER_FAILURE_LIMIT": "2"})
        clock = FixedClock(start)
        async with open_rabbit_command_bus(rabbitmq_url, app_id="test-scheduler") as bus, \
                open_artifact_store(settings) as store:
            deps = SchedulerDeps(settings=settings, sessions=fleet.sessions, bus=bus, store=store, clock=clock)
            for hour in range(2):
                clock.now = start + timedelta(hours=hour, seconds=5)
                await run_tick(deps)
                jobs = await _finished(fleet, schedule_id, hour + 1)
            clock.now = start + timedelta(hours=2, seconds=5)
            await run_tick(deps)  # counts the second failure and pauses: no third run
        assert [job.state for job in jobs] == ["failed", "failed"]
        assert all("NOPE" in (job.error_message or "") for job in jobs)
        async with fleet.sessions() as session:
            schedule = await session.get(Schedule, schedule_id)
            assert schedule is not None
            assert schedule.enabled and schedule.consecutive_failures == 2
            assert (schedule.paused_reason or "").startswith("paused after 2 failed runs in a row; last error:")
            assert len((await session.scalars(select(Job).where(Job.schedule_id == schedule_id))).all()) == 2
        [mail] = await _notifications(rabbitmq_url)
        assert (mail["type"], mail["template"], mail["to"]) == ("notify.email", "schedule_paused", "fleet@example.com")
        assert mail["params"]["schedule_name"] == "broken" and mail["params"]["consecutive_failures"] == "2"


async def _notifications(url: str) -> list[dict]:
    connection = await aio_pika.connect_robust(url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue("jiraex.notifications", ensure=True)
        found = []
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            found.append(json.loads(message.body))
        return found
    finally:
        await connection.close()


def _key_order(key: str) -> tuple[str, int]:
    project, _, number = key.rpartition("-")
    return project, int(number)

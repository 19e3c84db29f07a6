"""Several schedulers against one PostgreSQL database: every planned run creates exactly one job."""

import asyncio
import json
import os
import signal
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aio_pika
import pytest
from sched_helpers import SPEC, FixedClock, seed_owner
from sqlalchemy import func, select

from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import ExportRequested, Message
from jiraex_shared.db import migrate
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.scheduling import SchedulerDeps, launch_due_runs
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import LocalArtifactStore

pytestmark = pytest.mark.integration

SCHEDULES = 60


async def test_concurrent_ticks_on_separate_engines_create_each_run_once(pg_url: str, tmp_path: Path) -> None:
    """Four loops, each with its own connection pool, tick together at the same instants for five minutes of slots."""
    await migrate.upgrade(pg_url)
    engines = [create_db_engine(pg_url) for _ in range(4)]
    sessions = [create_session_factory(engine) for engine in engines]
    owner_id, connection_id = await seed_owner(sessions[0], "replicas@example.com")
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    async with sessions[0].begin() as session:
        for n in range(SCHEDULES):
            session.add(Schedule(owner_id=owner_id, connection_id=connection_id, name=f"s{n}", spec=SPEC,
                                 cron="* * * * *", catch_up="all", next_run_at=start))
    published: list[Message] = []

    async def record(message: Message) -> None:
        published.append(message)

    clock = FixedClock(start)
    bus = InProcessCommandBus({ExportRequested: record})
    settings = load_settings({})
    replicas = [SchedulerDeps(settings=settings, sessions=factory, bus=bus, store=LocalArtifactStore(tmp_path),
                              clock=clock) for factory in sessions]
    try:
        created = taken = 0
        for minute in range(5):
            clock.now = start + timedelta(minutes=minute, seconds=5)
            results = await asyncio.gather(*(launch_due_runs(deps, batch=7) for deps in replicas))
            created += sum(result.created for result in results)
            taken += sum(result.already_taken for result in results)
        await bus.drain()
        async with sessions[0]() as session:
            rows = (await session.execute(select(Job.schedule_id, Job.planned_run_at))).all()
        assert created == len(rows) == SCHEDULES * 5
        assert taken == 0, "a locked schedule is skipped, so no replica even tries a slot another one created"
        assert Counter(Counter(rows).values()) == {1: SCHEDULES * 5}
        per_schedule = Counter(schedule_id for schedule_id, _ in rows)
        assert set(per_schedule.values()) == {5}
        assert sorted({planned for _, planned in rows}) == [start + timedelta(minutes=m) for m in range(5)]
        assert Counter(message.job_id for message in published if isinstance(message, ExportRequested)) == Counter(
            {str(job_id): 1 for job_id in await _job_ids(sessions[0])})
    finally:
        await bus.aclose()
        for engine in engines:
            await engine.dispose()


async def _job_ids(factory) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    async with factory() as session:
        return list((await session.scalars(select(Job.id))).all())


@pytest.mark.slow
async def test_two_scheduler_processes_create_each_planned_run_once(
    pg_url: str, rabbitmq_url: str, tmp_path: Path
) -> None:
    """Two `jiraex-scheduler` processes, 0.2 s ticks, 40 schedules firing every second, for about eight seconds."""
    await migrate.upgrade(pg_url)
    engine = create_db_engine(pg_url)
    sessions = create_session_factory(engine)
    owner_id, connection_id = await seed_owner(sessions, "processes@example.com")
    anchor = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=2)
    async with sessions.begin() as session:
        for n in range(40):
            session.add(Schedule(owner_id=owner_id, connection_id=connection_id, name=f"p{n}", spec=SPEC,
                                 interval_seconds=1, catch_up="all", created_at=anchor, next_run_at=anchor))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")},
        "JIRA_EXTRACTOR_DATABASE_URL": pg_url, "JIRA_EXTRACTOR_RABBITMQ_URL": rabbitmq_url,
        "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path / "data"), "JIRA_EXTRACTOR_SCHEDULER_TICK_SECONDS": "0.2",
        "JIRA_EXTRACTOR_LOG_FORMAT": "json", "JIRA_EXTRACTOR_LOG_LEVEL": "INFO",
    }
    command = str(Path(sys.executable).with_name("jiraex-scheduler"))
    logs = [tmp_path / f"scheduler{n}.log" for n in range(2)]
    processes = []
    for log in logs:
        with log.open("wb") as sink:
            processes.append(await asyncio.create_subprocess_exec(command, env=env, stdout=sink, stderr=sink))
    try:
        await asyncio.sleep(10)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [await asyncio.wait_for(process.wait(), timeout=30) for process in processes]
    try:
        assert codes == [0, 0], "\n".join(log.read_text()[-3000:] for log in logs)
        events = [[json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")] for log in logs]
        fired = [sum(event.get("runs", 0) for event in found if event.get("event") == "schedule_fired")
                 for found in events]
        assert all(count > 0 for count in fired), f"both processes must have launched runs: {fired}"
        assert not any(event.get("event") == "schedule_slot_already_taken" for found in events for event in found)
        async with sessions() as session:
            rows = (await session.execute(select(Job.schedule_id, Job.planned_run_at))).all()
            last = (await session.execute(select(func.max(Job.planned_run_at)))).scalar_one()
        assert sum(fired) == len(rows)
        by_schedule: dict[uuid.UUID, list[datetime]] = {}
        for schedule_id, planned in rows:
            by_schedule.setdefault(schedule_id, []).append(planned)
        assert len(by_schedule) == 40
        for planned in by_schedule.values():
            # Every slot from the anchor on exactly once: no gap, no duplicate.
            assert sorted(planned) == [anchor + timedelta(seconds=k) for k in range(len(planned))]
            assert len(planned) >= 4
        assert last <= anchor + timedelta(seconds=10)
        assert await _queued_requests(rabbitmq_url) == len(rows), "each job's export.requested reached RabbitMQ once"
    finally:
        await engine.dispose()


async def _queued_requests(url: str) -> int:
    connection = await aio_pika.connect_robust(url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue("jiraex.export-requests", ensure=True)
        ids = []
        async with asyncio.timeout(30):
            while (message := await queue.get(fail=False, no_ack=True)) is not None:
                ids.append(json.loads(message.body)["job_id"])
        assert len(ids) == len(set(ids))
        return len(ids)
    finally:
        await connection.close()

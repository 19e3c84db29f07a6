"""JIRA_EXTRACTOR_ENABLE_SCHEDULER=true: the API process ticks the scheduler itself and stops it on shutdown."""

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api_harness import api_settings, running_api
from sqlalchemy import select

from jiraex_shared.accounts import create_user
from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.schedules import Schedule


async def _due_schedule(harness) -> Schedule:  # type: ignore[no-untyped-def]
    async with harness.deps.sessions.begin() as session:
        owner = await create_user(session, email="owner@example.com", password="owner-password-1",
                                  role="member", hasher=harness.deps.accounts.hasher)
        connection = Connection(owner_id=owner.id, name="jira", base_url="https://jira.example.com",
                                auth_kind="basic", credential_ciphertext=os.urandom(16),
                                credential_nonce=os.urandom(12), credential_key_id="k1")
        session.add(connection)
        await session.flush()
        schedule = Schedule(owner_id=owner.id, connection_id=connection.id, name="every minute",
                            spec={"jql": "project = A", "formats": ["json"]}, interval_seconds=60,
                            next_run_at=datetime.now(UTC) - timedelta(seconds=1))
        session.add(schedule)
    return schedule


async def test_the_api_runs_due_schedules_when_enabled(tmp_path: Path) -> None:
    published: list[ExportRequested] = []
    seen = asyncio.Event()

    async def capture(message: ExportRequested) -> None:
        published.append(message)
        seen.set()

    settings = api_settings(str(tmp_path), enable_scheduler="true", scheduler_tick_seconds="0.1")
    async with running_api(settings, extra_handlers={ExportRequested: capture}) as harness:
        schedule = await _due_schedule(harness)
        await asyncio.wait_for(seen.wait(), 10)
        async with harness.deps.sessions() as session:
            jobs = (await session.scalars(select(Job).where(Job.schedule_id == schedule.id))).all()
    assert [str(job.id) for job in jobs] == [message.job_id for message in published]


async def test_the_api_leaves_schedules_alone_by_default(tmp_path: Path) -> None:
    settings = api_settings(str(tmp_path), scheduler_tick_seconds="0.1")
    async with running_api(settings) as harness:
        schedule = await _due_schedule(harness)
        await asyncio.sleep(0.5)  # five ticks' worth: nothing may fire
        async with harness.deps.sessions() as session:
            assert (await session.scalars(select(Job).where(Job.schedule_id == schedule.id))).all() == []

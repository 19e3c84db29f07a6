"""create_job: a queued row with the spec; a repeated idempotency key or schedule slot returns the first job."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from repo_helpers import Sessions
from sqlalchemy import func, select

from jiraex_shared.db import Connection, Job, Schedule
from jiraex_shared.db.repositories import JobNotFound, create_job, get_job, spec_of
from jiraex_shared.pipeline.spec import ExportSpec

SPEC = ExportSpec(jql="project = ACME ORDER BY key", formats=("json", "csv"), fields=("summary",), archive=True)


async def _job_count(sessions: Sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Job))).scalar_one()


async def test_a_new_job_is_queued_with_its_spec(sessions: Sessions, connection_id: uuid.UUID) -> None:
    async with sessions.begin() as session:
        job, created = await create_job(session, spec=SPEC, connection_id=connection_id, name="nightly")

    assert created
    async with sessions() as session:
        stored = await get_job(session, job.id)
    assert (stored.state, stored.epoch, stored.name, stored.connection_id) == ("queued", 0, "nightly", connection_id)
    assert (stored.chunks_done, stored.chunks_total, stored.lease_until) == (0, None, None)
    assert not stored.cancel_requested
    assert spec_of(stored) == SPEC
    assert stored.created_at.tzinfo is not None


async def test_the_same_idempotency_key_twice_returns_the_first_job(
    sessions: Sessions, connection_id: uuid.UUID
) -> None:
    async with sessions.begin() as session:
        first, first_created = await create_job(
            session, spec=SPEC, connection_id=connection_id, name="a", idempotency_key="ext-42"
        )
    async with sessions.begin() as session:
        second, second_created = await create_job(
            session, spec=ExportSpec(jql="other"), connection_id=connection_id, name="b", idempotency_key="ext-42"
        )

    assert (first_created, second_created) == (True, False)
    assert second.id == first.id
    assert second.name == "a"
    assert await _job_count(sessions) == 1


async def test_a_schedule_slot_creates_its_job_once(sessions: Sessions, connection_id: uuid.UUID) -> None:
    async with sessions.begin() as session:
        owner_id = (await session.execute(select(Connection.owner_id))).scalar_one()
        schedule = Schedule(
            owner_id=owner_id, connection_id=connection_id, name="daily",
            interval_seconds=86_400, spec={"jql": "x"},
        )
        session.add(schedule)
    slot = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    results = []
    for _ in range(2):
        async with sessions.begin() as session:
            results.append(
                await create_job(
                    session, spec=SPEC, connection_id=connection_id, name="daily", schedule_id=schedule.id,
                    planned_run_at=slot,
                )
            )

    assert [created for _, created in results] == [True, False]
    assert results[0][0].id == results[1][0].id
    assert await _job_count(sessions) == 1


async def test_concurrent_creates_with_one_key_make_one_job(sessions: Sessions, connection_id: uuid.UUID) -> None:
    start = asyncio.Event()

    async def create(n: int) -> tuple[uuid.UUID, bool]:
        await start.wait()
        async with sessions.begin() as session:
            job, created = await create_job(
                session, spec=SPEC, connection_id=connection_id, name=f"racer {n}", idempotency_key="race"
            )
            await asyncio.sleep(0.05)  # hold the transaction open so the others queue up behind it
            return job.id, created

    tasks = [asyncio.create_task(create(n)) for n in range(8)]
    start.set()
    results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)

    assert sum(created for _, created in results) == 1
    assert len({job_id for job_id, _ in results}) == 1
    assert await _job_count(sessions) == 1


async def test_get_job_of_an_unknown_id_raises(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(JobNotFound):
            await get_job(session, uuid.uuid4())

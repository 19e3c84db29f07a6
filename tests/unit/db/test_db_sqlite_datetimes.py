"""Timezone-aware timestamps survive a round trip through SQLite, which has no time zone type."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from jiraex_shared.db import Job, create_db_engine, create_session_factory, migrate

TOKYO = timezone(timedelta(hours=9))


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    await migrate.upgrade(sqlite_url)
    engine = create_db_engine(sqlite_url)
    yield engine
    await engine.dispose()


def _job(name: str = "export", **fields: object) -> Job:
    return Job(name=name, spec={}, **fields)


async def test_aware_datetimes_round_trip_as_the_same_instant_in_utc(engine: AsyncEngine) -> None:
    lease = datetime(2026, 11, 24, 9, 15, 30, 123456, tzinfo=TOKYO)
    sessions = create_session_factory(engine)
    async with sessions() as session:
        job = _job(lease_until=lease)
        session.add(job)
        await session.commit()
        job_id = job.id

    async with sessions() as session:
        loaded = await session.get(Job, job_id)
        assert loaded is not None
        assert loaded.lease_until == lease
        assert loaded.lease_until is not None
        assert loaded.lease_until.tzinfo == UTC
        assert loaded.lease_until.hour == 0
        assert loaded.created_at.tzinfo == UTC
        assert abs(datetime.now(UTC) - loaded.created_at) < timedelta(minutes=1)

    async with engine.connect() as connection:
        raw = (await connection.execute(text("SELECT lease_until FROM jobs"))).scalar_one()
    assert raw == "2026-11-24 00:15:30.123456"


async def test_comparisons_in_sql_order_instants_not_local_clock_readings(engine: AsyncEngine) -> None:
    # 10:00 in Tokyo is 01:00 UTC: earlier than 02:00 UTC although its clock reading is later.
    sessions = create_session_factory(engine)
    async with sessions() as session:
        session.add_all(
            [
                _job(name="tokyo", lease_until=datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)),
                _job(name="utc", lease_until=datetime(2026, 11, 24, 2, 0, tzinfo=UTC)),
            ]
        )
        await session.commit()
        cutoff = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
        expired = (await session.execute(select(Job.name).where(Job.lease_until < cutoff))).scalars().all()
        ordered = (await session.execute(select(Job.name).order_by(Job.lease_until))).scalars().all()
    assert expired == ["tokyo"]
    assert ordered == ["tokyo", "utc"]


async def test_server_default_timestamps_also_read_back_aware(engine: AsyncEngine) -> None:
    job_id = uuid.uuid4()
    async with engine.begin() as connection:
        # Core insert without created_at/updated_at: SQLite's CURRENT_TIMESTAMP fills them in.
        await connection.execute(insert(Job).values(id=job_id, name="raw", spec={}))
        row = (await connection.execute(select(Job.created_at, Job.updated_at).where(Job.id == job_id))).one()
    for value in row:
        assert value.tzinfo == UTC
        assert abs(datetime.now(UTC) - value) < timedelta(minutes=1)


async def test_naive_datetimes_are_refused_before_reaching_the_database(engine: AsyncEngine) -> None:
    async with create_session_factory(engine)() as session:
        session.add(_job(lease_until=datetime(2026, 11, 24, 9, 0)))
        with pytest.raises(StatementError, match="naive datetime"):
            await session.flush()

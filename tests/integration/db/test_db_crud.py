"""Smoke CRUD on the migrated schema of both engines: inserts, cascades, SET NULL, unique and CHECK rules."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.db import (
    AttachmentBlob,
    Connection,
    EmailDelivery,
    File,
    Job,
    JobChunk,
    JobEvent,
    Schedule,
    User,
    create_db_engine,
    create_session_factory,
    migrate,
)

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(params=[pytest.param("sqlite_url"), pytest.param("pg_url", marks=pytest.mark.integration)])
def db_url(request: pytest.FixtureRequest) -> str:
    # A sync fixture: pytest-asyncio cannot resolve an async fixture from inside another async one.
    return request.getfixturevalue(request.param)


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[Sessions]:
    await migrate.upgrade(db_url)
    engine = create_db_engine(db_url)
    yield create_session_factory(engine)
    await engine.dispose()


def _user(email: str = "Ada@Example.COM") -> User:
    return User(email=email, password_hash="$argon2id$test", role="admin")


def _connection(owner: User) -> Connection:
    return Connection(
        owner_id=owner.id,
        name="acme",
        base_url="https://acme.atlassian.net",
        auth_kind="basic",
        username="ada@example.com",
        credential_ciphertext=b"\x00\x01sealed",
        credential_nonce=b"\x02" * 12,
        credential_key_id="k1",
    )


def _job(owner: User | None, connection: Connection, **fields: object) -> Job:
    return Job(
        owner_id=owner.id if owner else None,
        connection_id=connection.id,
        name="export",
        spec={"jql": "project = ACME", "formats": ["json", "csv"]},
        **fields,
    )


async def _count(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_user_connection_job_with_chunks_events_and_files_and_their_cascades(sessions: Sessions) -> None:
    async with sessions() as session:
        user = _user()
        session.add(user)
        await session.flush()
        connection = _connection(user)
        session.add(connection)
        await session.flush()
        job = _job(user, connection)
        kept_job = _job(user, connection)
        session.add_all([job, kept_job])
        await session.flush()
        session.add_all(
            [JobChunk(job_id=job.id, seq=seq, issue_ids=[f"{seq}00", f"{seq}01"]) for seq in range(3)]
            + [
                JobEvent(job_id=job.id, type="state", payload={"state": "planning"}),
                JobEvent(job_id=job.id, type="warning", payload={"message": "truncated"}, stream_id="1-0"),
                File(
                    job_id=job.id,
                    path="issues.json",
                    size=10,
                    content_type="application/json",
                    sha256="ab" * 32,
                    uri="minio:jobs/x/issues.json",
                ),
                AttachmentBlob(
                    connection_id=connection.id,
                    attachment_id="10001",
                    size=3,
                    sha256="cd" * 32,
                    uri="attachments/c/10001",
                ),
            ]
        )
        await session.commit()

    async with sessions() as session:
        stored = await session.get(User, user.id)
        assert stored is not None
        assert stored.email == "ada@example.com"
        assert stored.active is True
        assert stored.preferences == {}
        loaded = await session.get(Job, job.id)
        assert loaded is not None
        assert (loaded.state, loaded.epoch, loaded.cancel_requested, loaded.chunks_done) == ("queued", 0, False, 0)
        assert loaded.spec == {"jql": "project = ACME", "formats": ["json", "csv"]}
        assert loaded.receipt is None
        assert (await session.execute(select(Job.id).where(Job.receipt.is_(None)))).scalars().all()
        chunks = (
            (await session.execute(select(JobChunk).where(JobChunk.job_id == job.id).order_by(JobChunk.seq)))
            .scalars()
            .all()
        )
        assert [(c.seq, c.state, c.issue_ids) for c in chunks] == [
            (0, "pending", ["000", "001"]),
            (1, "pending", ["100", "101"]),
            (2, "pending", ["200", "201"]),
        ]
        events = (
            (await session.execute(select(JobEvent).where(JobEvent.job_id == job.id).order_by(JobEvent.id)))
            .scalars()
            .all()
        )
        assert [e.type for e in events] == ["state", "warning"]
        assert events[0].id < events[1].id

        await session.delete(loaded)
        await session.commit()

    async with sessions() as session:
        assert await _count(session, JobChunk) == 0
        assert await _count(session, JobEvent) == 0
        assert await _count(session, File) == 0
        assert await _count(session, Job) == 1
        assert await _count(session, AttachmentBlob) == 1

        # Deleting the user deletes their connection (and its blobs); the job's history survives.
        await session.delete(await session.get(User, user.id))
        await session.commit()

    async with sessions() as session:
        assert await _count(session, Connection) == 0
        assert await _count(session, AttachmentBlob) == 0
        survivor = await session.get(Job, kept_job.id)
        assert survivor is not None
        assert (survivor.owner_id, survivor.connection_id) == (None, None)


async def _fixtures(session: AsyncSession) -> tuple[User, Connection]:
    user = _user(f"{uuid.uuid4().hex}@example.com")
    session.add(user)
    await session.flush()
    connection = _connection(user)
    session.add(connection)
    await session.flush()
    return user, connection


async def test_a_schedule_slot_creates_one_job(sessions: Sessions) -> None:
    slot = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    async with sessions() as session:
        user, connection = await _fixtures(session)
        schedule = Schedule(
            owner_id=user.id,
            connection_id=connection.id,
            name="nightly",
            cron="0 6 * * *",
            spec={"jql": "project = ACME"},
        )
        session.add(schedule)
        await session.flush()
        session.add(_job(user, connection, schedule_id=schedule.id, planned_run_at=slot))
        session.add(_job(user, connection, schedule_id=schedule.id, planned_run_at=slot + timedelta(days=1)))
        session.add_all([_job(user, connection), _job(user, connection)])  # ad-hoc jobs: no slot, no clash
        await session.commit()
        schedule_id = schedule.id

        session.add(_job(user, connection, schedule_id=schedule_id, planned_run_at=slot))
        with pytest.raises(IntegrityError):
            await session.commit()


async def test_an_idempotency_key_is_used_once(sessions: Sessions) -> None:
    async with sessions() as session:
        user, connection = await _fixtures(session)
        session.add(_job(None, connection, idempotency_key="ext-42"))
        await session.commit()
        session.add(_job(user, connection, idempotency_key="ext-42"))
        with pytest.raises(IntegrityError):
            await session.commit()


async def test_emails_are_unique_whatever_their_case(sessions: Sessions) -> None:
    async with sessions() as session:
        session.add(_user("Grace@Example.com"))
        await session.commit()
        session.add(_user("grace@EXAMPLE.com "))
        with pytest.raises(IntegrityError):
            await session.commit()


async def test_an_email_delivery_is_recorded_once_per_event_and_recipient(sessions: Sessions) -> None:
    async with sessions() as session:
        session.add_all(
            [
                EmailDelivery(event_id="evt-1", recipient="a@example.com"),
                EmailDelivery(event_id="evt-1", recipient="b@example.com"),
            ]
        )
        await session.commit()
        session.add(EmailDelivery(event_id="evt-1", recipient="a@example.com"))
        with pytest.raises(IntegrityError):
            await session.commit()


@pytest.mark.parametrize(
    "fields",
    [
        {"state": "paused"},
        {"cron": "0 6 * * *", "interval_seconds": 3600},
        {"cron": None, "interval_seconds": None},
        {"interval_seconds": 0, "cron": None},
    ],
    ids=["unknown-job-state", "cron-and-interval", "no-trigger", "zero-interval"],
)
async def test_check_constraints_reject_invalid_rows(sessions: Sessions, fields: dict[str, object]) -> None:
    async with sessions() as session:
        user, connection = await _fixtures(session)
        await session.commit()
        if "state" in fields:
            session.add(_job(user, connection, **fields))
        else:
            session.add(Schedule(owner_id=user.id, connection_id=connection.id, name="bad", spec={}, **fields))
        with pytest.raises(IntegrityError):
            await session.commit()

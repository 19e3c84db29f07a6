"""Rows and dependencies the scheduler tests share: a migrated database, an owner, a connection, schedules."""

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.accounts import create_user
from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import ExportRequested, Message, SendEmail
from jiraex_shared.db import migrate
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.scheduling import SchedulerDeps
from jiraex_shared.security import PasswordHasher
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import ArtifactStore, LocalArtifactStore

SPEC = {"jql": "project = ALPHA ORDER BY key ASC", "formats": ["json"]}


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    sessions: async_sessionmaker[AsyncSession]
    owner_id: uuid.UUID
    owner_email: str
    connection_id: uuid.UUID
    deps: SchedulerDeps
    clock: FixedClock
    bus: InProcessCommandBus
    published: list[Message] = field(default_factory=list)

    async def add_schedule(self, **values: Any) -> Schedule:
        values = {"name": "nightly", "spec": SPEC, "cron": "0 * * * *", **values}
        async with self.sessions.begin() as session:
            schedule = Schedule(owner_id=self.owner_id, connection_id=self.connection_id, **values)
            session.add(schedule)
        return schedule

    async def schedule(self, schedule_id: uuid.UUID) -> Schedule:
        async with self.sessions() as session:
            found = await session.get(Schedule, schedule_id)
            assert found is not None
            return found

    async def jobs(self, schedule_id: uuid.UUID | None = None) -> list[Job]:
        statement = select(Job).order_by(Job.planned_run_at)
        if schedule_id is not None:
            statement = statement.where(Job.schedule_id == schedule_id)
        async with self.sessions() as session:
            return list((await session.scalars(statement)).all())

    async def finish(self, job_id: uuid.UUID, state: str, error: str | None = None) -> None:
        """Give a job an outcome as a worker's terminal transition leaves the row."""
        async with self.sessions.begin() as session:
            job = await session.get(Job, job_id)
            assert job is not None
            job.state, job.error_message, job.finished_at = state, error, self.clock.now
            job.error_kind = "jira_bad_request" if error else None

    def requests(self) -> list[ExportRequested]:
        return [m for m in self.published if isinstance(m, ExportRequested)]

    def mails(self) -> list[SendEmail]:
        return [m for m in self.published if isinstance(m, SendEmail)]


async def seed_owner(sessions: async_sessionmaker[AsyncSession], email: str) -> tuple[uuid.UUID, uuid.UUID]:
    """An owner and a connection of theirs (the credential is never used by these tests)."""
    async with sessions.begin() as session:
        owner = await create_user(session, email=email, password="a long enough password", role="member",
                                  hasher=PasswordHasher())
        connection = Connection(owner_id=owner.id, name="jira", base_url="https://jira.example.com", auth_kind="basic",
                                credential_ciphertext=os.urandom(16), credential_nonce=os.urandom(12),
                                credential_key_id="k1")
        session.add(connection)
    return owner.id, connection.id


@asynccontextmanager
async def scheduler_world(
    database_url: str, tmp_path: Path, *, now: datetime | None = None, env: dict[str, str] | None = None,
    store: ArtifactStore | None = None, bus_factory: Callable[[list[Message]], InProcessCommandBus] | None = None,
) -> AsyncIterator[World]:
    """A migrated database with an owner and a connection, and scheduler deps on an in-process bus that records."""
    await migrate.upgrade(database_url)
    engine = create_db_engine(database_url)
    sessions = create_session_factory(engine)
    owner_id, connection_id = await seed_owner(sessions, "owner@example.com")
    published: list[Message] = []

    async def record(message: Message) -> None:
        published.append(message)

    bus = bus_factory(published) if bus_factory else InProcessCommandBus({ExportRequested: record, SendEmail: record})
    clock = FixedClock(now or datetime(2026, 5, 1, 9, 59, tzinfo=UTC))
    settings = load_settings({"JIRA_EXTRACTOR_PUBLIC_URL": "https://exports.example.com", **(env or {})})
    deps = SchedulerDeps(settings=settings, sessions=sessions, bus=bus,
                         store=store or LocalArtifactStore(tmp_path / "store"), clock=clock)
    try:
        yield World(sessions, owner_id, "owner@example.com", connection_id, deps, clock, bus, published)
    finally:
        await bus.aclose()
        await engine.dispose()

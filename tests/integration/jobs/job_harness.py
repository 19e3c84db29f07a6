"""A whole worker in one process for tests: migrated database, in-process bus, event stream, store, simulator."""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from jiraex_jira_sim.runner import RunningSimulator
from jiraex_shared.accounts import create_user
from jiraex_shared.bus import InProcessCommandBus, job_step_handlers
from jiraex_shared.contracts import JobCancelled, JobFailed, JobSucceeded, JobSucceededWithWarnings, Message
from jiraex_shared.db import migrate
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.eventstream import EventStream, MemoryEventStream
from jiraex_shared.jobs import JobDeps, create_job_steps
from jiraex_shared.ratelimit import MemoryRateGovernor
from jiraex_shared.security import PasswordHasher
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import ArtifactStore, LocalArtifactStore


@dataclass
class Worker:
    deps: JobDeps
    bus: InProcessCommandBus
    outcomes: list[Message]
    connection_id: uuid.UUID
    owner_id: uuid.UUID


@asynccontextmanager
async def running_worker(
    database_url: str, sim: RunningSimulator, tmp_path: Path, *, chunk_size: int = 25,
    store: ArtifactStore | None = None, events: EventStream | None = None,
) -> AsyncIterator[Worker]:
    await migrate.upgrade(database_url)
    engine = create_db_engine(database_url)
    sessions = create_session_factory(engine)
    cipher = CredentialCipher.from_keys(os.urandom(32))
    settings = load_settings({"JIRA_EXTRACTOR_CHUNK_SIZE": str(chunk_size), "JIRA_EXTRACTOR_WORKER_CONCURRENCY": "4"})
    connection_id = uuid.uuid4()
    async with sessions() as session, session.begin():
        owner = await create_user(session, email="owner@example.com", password="a long enough password",
                                  role="member", hasher=PasswordHasher())
        config = sim.config
        sealed = cipher.encrypt(config.token, row_id=str(connection_id))
        session.add(Connection(
            id=connection_id, owner_id=owner.id, name="Simulated Jira", base_url=sim.base_url,
            deployment=config.mode, auth_kind="basic" if config.cloud else "bearer",
            username=config.email if config.cloud else None, credential_ciphertext=sealed.ciphertext,
            credential_nonce=sealed.nonce, credential_key_id=sealed.key_id,
        ))
    outcomes: list[Message] = []

    async def collect(event: Message) -> None:
        outcomes.append(event)

    bus = InProcessCommandBus()
    async with httpx.AsyncClient(timeout=15) as http:
        deps = JobDeps(
            settings=settings, sessions=sessions, store=store or LocalArtifactStore(tmp_path / "store"), bus=bus,
            events=events or MemoryEventStream(), governor=MemoryRateGovernor(), http=http, cipher=cipher,
            worker_name="test-worker", lease_seconds=30,
        )
        for message_type, handler in job_step_handlers(create_job_steps(deps)).items():
            bus.register(message_type, handler)
        for event_type in (JobSucceeded, JobSucceededWithWarnings, JobFailed, JobCancelled):
            bus.register(event_type, collect)
        try:
            yield Worker(deps, bus, outcomes, connection_id, owner.id)
        finally:
            await bus.aclose()
            await engine.dispose()

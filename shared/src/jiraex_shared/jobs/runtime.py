"""Open everything the job steps hold for a process's lifetime, choosing each adapter from the settings."""

import os
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from jiraex_shared.bus import CommandBus
from jiraex_shared.connections.egress_refresh import live_guarded_client
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.eventstream import EventStream, MemoryEventStream, RedisEventStream
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.ratelimit import MemoryRateGovernor, RateGovernor, RedisRateGovernor
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url
from jiraex_shared.storage import open_artifact_store

# Jira answers slowly under load: read patiently (the client adds its own overall timeout per request).
JIRA_TIMEOUT_SECONDS = 60.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@asynccontextmanager
async def open_job_deps(settings: Settings, bus: CommandBus, *, name: str | None = None) -> AsyncIterator[JobDeps]:
    """Database, artifact store, event stream and rate governor (Redis or memory), Jira HTTP client, cipher."""
    async with AsyncExitStack() as stack:
        engine = create_db_engine(database_url(settings))
        stack.push_async_callback(engine.dispose)
        store = await stack.enter_async_context(open_artifact_store(settings))
        events: EventStream
        governor: RateGovernor
        if settings.redis_url:
            import redis.asyncio as aioredis

            client = aioredis.from_url(settings.redis_url)
            stack.push_async_callback(client.aclose)
            events, governor = RedisEventStream(client), RedisRateGovernor(client)
        else:
            events, governor = MemoryEventStream(), MemoryRateGovernor()
        sessions = create_session_factory(engine)
        # Every socket to Jira is checked against the SSRF policy at connect time (a stored connection's host
        # may resolve elsewhere by now); redirects are never followed by the client itself. The allow-list is
        # reloaded while the process runs, so an admin's edit reaches running workers.
        http = await stack.enter_async_context(
            live_guarded_client(sessions, settings, read_timeout=JIRA_TIMEOUT_SECONDS)
        )
        yield JobDeps(
            settings=settings, sessions=sessions, store=store, bus=bus, events=events,
            governor=governor, http=http, cipher=CredentialCipher.from_settings(settings),
            worker_name=name or worker_name(), lease_seconds=settings.worker_lease_seconds,
        )

"""The API's composition root: every adapter chosen from the settings, opened once per process in the lifespan."""

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import SkipValidation
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from jiraex_api.client_address import Network, parse_networks
from jiraex_api.messaging import open_command_bus
from jiraex_api.redis_clients import open_redis_clients
from jiraex_api.services.context import AccountsContext, create_accounts_context
from jiraex_api.services.login_throttle import LoginThrottle, MemoryLoginThrottle, RedisLoginThrottle
from jiraex_api.services.throttle_fallback import FallbackLoginThrottle
from jiraex_shared.bus import CommandBus, Handler
from jiraex_shared.contracts import Message
from jiraex_shared.db import utcnow
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.eventstream import EventStream, MemoryEventStream, RedisEventStream
from jiraex_shared.security import PasswordHasher
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url
from jiraex_shared.storage import ArtifactStore, open_artifact_store

Probe = Callable[[], Awaitable[None]]
# Stored in the store's namespace only as a name to look up; it never exists.
STORAGE_PROBE_KEY = "healthz/probe"


@dataclass(frozen=True)
class ApiDeps:
    """Everything handlers use; frozen, shared by all requests of the process."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    bus: CommandBus
    events: EventStream
    store: ArtifactStore
    accounts: AccountsContext
    trusted_proxies: tuple[Network, ...]
    # Readiness checks by component name.
    probes: Mapping[str, Probe] = field(default_factory=dict)
    # Components that run inside this process and cannot be down, and what stands in for them.
    in_process: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DepsOptions:
    """What tests and `jiraex serve` may change without touching settings."""

    hasher: PasswordHasher | None = None
    clock: Callable[[], datetime] = utcnow
    # Prefix of the progress streams' keys: it must match the workers' (jobs/runtime.py uses none).
    stream_key_prefix: str = ""
    # Prefix of the login throttle's keys (tests give each run its own).
    throttle_key_prefix: str = "jiraex:"
    bus_handlers: Mapping[type[Message], Handler] | None = None
    # Monotonic clock of the in-memory login throttle (seconds).
    throttle_clock: Callable[[], float] = time.monotonic


@asynccontextmanager
async def open_api_deps(settings: Settings, options: DepsOptions | None = None) -> AsyncIterator[ApiDeps]:
    options = options or DepsOptions()
    async with AsyncExitStack() as stack:
        engine = create_db_engine(database_url(settings))
        stack.push_async_callback(engine.dispose)
        probes: dict[str, Probe] = {"database": _database_probe(engine)}
        in_process: dict[str, str] = {}
        store = await stack.enter_async_context(open_artifact_store(settings))
        probes["storage"] = _storage_probe(store)
        opened = await stack.enter_async_context(open_command_bus(settings, options.bus_handlers))
        if opened.probe is not None:
            probes["broker"] = opened.probe
        else:
            in_process["broker"] = "in-process"
        events: EventStream
        throttle: LoginThrottle
        if settings.redis_url:
            redis = await open_redis_clients(settings.redis_url, stack)
            client = redis.commands
            events = RedisEventStream(client, key_prefix=options.stream_key_prefix, follow_redis=redis.followers)
            throttle = FallbackLoginThrottle(
                RedisLoginThrottle(client, key_prefix=options.throttle_key_prefix),
                MemoryLoginThrottle(clock=options.throttle_clock),
            )
            probes["redis"] = _redis_probe(client)
        else:
            events, throttle = MemoryEventStream(), MemoryLoginThrottle(clock=options.throttle_clock)
            in_process["redis"] = "memory"
        accounts = await create_accounts_context(
            hasher=options.hasher or PasswordHasher(), throttle=throttle, bus=opened.bus, clock=options.clock,
            public_url=settings.public_url,
        )
        yield ApiDeps(
            settings=settings, engine=engine, sessions=create_session_factory(engine), bus=opened.bus, events=events,
            store=store, accounts=accounts, trusted_proxies=parse_networks(settings.trusted_proxies), probes=probes,
            in_process=in_process,
        )


def _database_probe(engine: AsyncEngine) -> Probe:
    async def probe() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    return probe


def _storage_probe(store: ArtifactStore) -> Probe:
    async def probe() -> None:
        await store.exists(STORAGE_PROBE_KEY)

    return probe


def _redis_probe(client: object) -> Probe:
    async def probe() -> None:
        await client.ping()  # type: ignore[attr-defined]

    return probe


# Handler parameter types: injected by name, never validated (they are our own objects, not request data).
Deps = NamedDependency[SkipValidation[ApiDeps]]
Db = NamedDependency[SkipValidation[AsyncSession]]


def provide_deps(state: State) -> ApiDeps:
    return state.deps


async def provide_db_session(state: State) -> AsyncIterator[AsyncSession]:
    """One session (unit of work) per request; services commit, anything uncommitted is rolled back here."""
    async with state.deps.sessions() as session:
        yield session

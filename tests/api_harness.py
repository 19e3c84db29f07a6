"""Builds a jiraex API on a given database for tests: a client, a settable clock, and the e-mails it sent."""

import asyncio
import io
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import argon2
import httpx
import structlog
from litestar import Litestar

from jiraex_api.app import create_app
from jiraex_api.deps import ApiDeps, DepsOptions
from jiraex_shared.accounts import create_user
from jiraex_shared.contracts.notifications import SendEmail
from jiraex_shared.log import configure_logging
from jiraex_shared.security import PasswordHasher
from jiraex_shared.settings import Settings, load_settings

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"
MEMBER_PASSWORD = "member-password-123"


def fast_hasher() -> PasswordHasher:
    """argon2id with minimal cost: tests that do not check the parameters need not pay 100 ms per login."""
    return PasswordHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass
class Clock:
    """The API's wall clock, advanced by tests to expire tokens and sessions."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Monotonic:
    """The in-memory login throttle's clock (seconds)."""

    seconds: float = 1_000.0

    def __call__(self) -> float:
        return self.seconds


@dataclass
class ApiHarness:
    client: httpx.AsyncClient
    app: Litestar
    clock: Clock
    monotonic: Monotonic
    outbox: list[SendEmail]

    @property
    def deps(self) -> ApiDeps:
        return self.app.state.deps

    async def login(self, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD, **kwargs: Any) -> dict[str, Any]:
        response = await self.client.post("/api/auth/login", json={"email": email, "password": password}, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    async def add_user(self, email: str, *, role: str = "member", password: str = MEMBER_PASSWORD) -> str:
        async with self.deps.sessions() as session:
            hasher = self.deps.accounts.hasher
            user = await create_user(session, email=email, password=password, role=role, hasher=hasher)
            await session.commit()
            return str(user.id)

    async def emails(self, count: int = 1) -> list[SendEmail]:
        """The e-mails published so far, once at least ``count`` handlers ran (the bus delivers in tasks)."""
        await self.deps.bus.drain()  # type: ignore[attr-defined]
        assert len(self.outbox) >= count, self.outbox
        return self.outbox


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_in(url: str) -> str:
    return url.split("#token=", 1)[1]


def api_settings(data_dir: str, **overrides: str) -> Settings:
    environ = {
        "JIRA_EXTRACTOR_DATA_DIR": data_dir,
        "JIRA_EXTRACTOR_ADMIN_EMAIL": ADMIN_EMAIL,
        "JIRA_EXTRACTOR_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "JIRA_EXTRACTOR_PUBLIC_URL": "http://testserver.local",
    }
    environ.update({f"JIRA_EXTRACTOR_{name.upper()}": value for name, value in overrides.items()})
    return load_settings(environ)


@asynccontextmanager
async def serving(app: Litestar) -> AsyncIterator[None]:
    """Run the app's lifespan in a task of its own: pytest-asyncio sets a fixture up and tears it down in different
    tasks, and the lifespan's anyio task group must be left in the task that entered it."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        try:
            async with app.lifespan():
                started.set()
                await stop.wait()
        finally:
            started.set()

    task = asyncio.create_task(run())
    await started.wait()
    if task.done():
        await task  # start-up failed: raise its error
    try:
        yield
    finally:
        stop.set()
        await task


@asynccontextmanager
async def running_api(
    settings: Settings, *, hasher: PasswordHasher | None = None, redis_prefix: str = "jiraex-test:",
    extra_handlers: Mapping[type, Any] | None = None, base_url: str = "http://testserver.local",
) -> AsyncIterator[ApiHarness]:
    clock, monotonic, outbox = Clock(), Monotonic(), []

    async def capture(message: SendEmail) -> None:
        outbox.append(message)

    handlers = {SendEmail: capture} if not settings.rabbitmq_url else None
    options = DepsOptions(
        hasher=hasher or fast_hasher(), clock=clock, throttle_clock=monotonic,
        stream_key_prefix=redis_prefix, throttle_key_prefix=redis_prefix,
        bus_handlers={**(handlers or {}), **(extra_handlers or {})} or None,
    )
    app = create_app(settings, options=options)
    # The app runs on the test's own event loop (not a portal thread, as Litestar's test clients do), so tests
    # may use its engine, bus and stores directly.
    transport = httpx.ASGITransport(app=app, client=("192.0.2.10", 50000))
    async with serving(app), httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield ApiHarness(client=client, app=app, clock=clock, monotonic=monotonic, outbox=outbox)


@contextmanager
def logs_captured() -> Iterator[io.StringIO]:
    """Everything logged meanwhile (structlog and stdlib), as the services render it (JSON lines); restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level, saved_config = root.handlers[:], root.level, structlog.get_config()
    buffer = io.StringIO()
    configure_logging(level="DEBUG", fmt="json", service="test", stream=buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        structlog.configure(**saved_config)

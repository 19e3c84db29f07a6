"""Fixtures for the notifier tests: a migrated database, a publishing bus, the notifier app running in this loop."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import pytest
from notifier_support import PUBLIC_URL

from jiraex_notifier.app import create_notifier_app
from jiraex_shared.bus import RabbitCommandBus, open_rabbit_command_bus
from jiraex_shared.db import create_db_engine, create_session_factory, migrate
from jiraex_shared.notify import NotifierDeps, RetryPolicy, open_notifier_deps
from jiraex_shared.settings import Settings

FAST_RETRY = RetryPolicy(first_delay=0.05, max_delay=0.2, hold_seconds=0.6)


@pytest.fixture
async def notifier_db(pg_url: str) -> AsyncIterator[Any]:
    """A migrated PostgreSQL database; yields its session factory (its URL is ``pg_url``)."""
    await migrate.upgrade(pg_url)
    engine = create_db_engine(pg_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def bus(rabbitmq_url: str) -> AsyncIterator[RabbitCommandBus]:
    async with open_rabbit_command_bus(rabbitmq_url, app_id="notifier-test") as publishing:
        yield publishing


@pytest.fixture
async def amqp_channel(rabbitmq_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        yield await connection.channel()
    finally:
        await connection.close()


@pytest.fixture
def run_notifier(rabbitmq_url: str, pg_url: str, notifier_db: Any) -> Callable[..., Any]:
    """``async with run_notifier(smtp_host, smtp_port) as deps:`` runs the notifier app here, then stops it."""

    @asynccontextmanager
    async def running(host: str, port: int, *, retry: RetryPolicy = FAST_RETRY) -> AsyncIterator[NotifierDeps]:
        settings = Settings(
            rabbitmq_url=rabbitmq_url, database_url=pg_url, smtp_host=host, smtp_port=port, smtp_tls="none",
            smtp_timeout_seconds=5, public_url=PUBLIC_URL, mail_from="Jira Issue Extractor <noreply@jx.example>",
        )
        async with open_notifier_deps(settings, retry=retry) as deps:
            app = create_notifier_app(settings, deps)
            await app.start()
            try:
                yield deps
            finally:
                await app.stop()

    return running

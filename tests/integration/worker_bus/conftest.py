"""Fixtures for the worker's transport tests: a raw AMQP channel to inspect queues, and a running worker app."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import pytest
from worker_bus_support import Inspector

from jiraex_extractor_worker.app import WorkerTransport, create_worker_app, create_worker_transport
from jiraex_shared.settings import Settings


@pytest.fixture
async def inspector(rabbitmq_url: str) -> AsyncIterator[Inspector]:
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        yield Inspector(channel)
    finally:
        await connection.close()


@pytest.fixture
def run_worker(rabbitmq_url: str) -> Callable[..., Any]:
    """``async with run_worker(steps) as transport:`` runs the worker app in this event loop, then stops it."""

    @asynccontextmanager
    async def running(
        steps: Any, *, grace: float = 2.0, backoff: Callable[[int], float] = lambda _: 0.0
    ) -> AsyncIterator[WorkerTransport]:
        settings = Settings(rabbitmq_url=rabbitmq_url, worker_grace_seconds=grace)
        transport = create_worker_transport(settings)
        app = create_worker_app(settings, steps, transport=transport, backoff=backoff)
        await app.start()
        try:
            yield transport
        finally:
            await app.stop()

    return running

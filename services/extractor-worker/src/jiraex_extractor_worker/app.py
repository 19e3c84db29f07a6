"""The worker's FastStream application: its broker, subscribers and command bus, topology at start, graceful stop."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from faststream import FastStream
from faststream.rabbit import RabbitBroker

from jiraex_extractor_worker.consumer import CommandConsumer
from jiraex_extractor_worker.queues import PREFETCH
from jiraex_extractor_worker.shutdown import RELEASE_SECONDS, InFlight, stop_gracefully
from jiraex_extractor_worker.subscribers import CONSUMER_CONTEXT_KEY, register_subscribers
from jiraex_shared.bus import JobSteps, RabbitCommandBus, create_rabbit_broker, declare_topology, requeue_delay
from jiraex_shared.bus.rabbit_broker import BROKER_LOGGER
from jiraex_shared.settings import Settings

APP_ID = "jiraex-extractor-worker"


@dataclass(frozen=True)
class WorkerTransport:
    """The worker's broker (subscribers registered, not connected) and the command bus publishing on it.

    Built before the job steps, which publish chunks, assemblies and job events through ``bus``.
    """

    broker: RabbitBroker
    bus: RabbitCommandBus


def create_worker_transport(settings: Settings) -> WorkerTransport:
    # FastStream's own graceful wait only backs ours up (stop_gracefully releases steps after the
    # grace period), so it is given the time a released step needs to requeue its message as well.
    broker = create_rabbit_broker(
        settings.rabbitmq_url,
        app_id=APP_ID,
        graceful_timeout=settings.worker_grace_seconds + RELEASE_SECONDS + 1.0,
        prefetch_count=PREFETCH,
    )
    register_subscribers(broker)
    return WorkerTransport(broker, RabbitCommandBus(broker))


def create_worker_app(
    settings: Settings,
    steps: JobSteps,
    *,
    transport: WorkerTransport | None = None,
    backoff: Callable[[int], float] = requeue_delay,
) -> FastStream:
    """A FastStream app consuming the export queues into ``steps``; ``await app.run()`` until SIGTERM/SIGINT.

    On start it connects and declares the whole topology before any subscriber consumes, so the
    dead-letter exchange exists before the first message can need it. On SIGTERM it stops consuming
    and gives running steps ``settings.worker_grace_seconds`` to finish; the rest are cancelled and
    their messages requeued for another worker, then ``run()`` returns.
    """
    transport = transport or create_worker_transport(settings)
    broker = transport.broker
    inflight = InFlight()
    app = FastStream(broker, logger=logging.getLogger(BROKER_LOGGER))
    app.context.set_global(CONSUMER_CONTEXT_KEY, CommandConsumer(steps, inflight, backoff=backoff))

    @app.on_startup
    async def declare() -> None:
        await broker.connect()
        await declare_topology(broker)

    @app.on_shutdown
    async def stop_consuming() -> None:
        await stop_gracefully(broker.subscribers, inflight, settings.worker_grace_seconds)

    return app

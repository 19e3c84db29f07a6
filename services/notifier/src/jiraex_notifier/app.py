"""The notifier's FastStream application: its broker and subscribers, topology at start, graceful stop."""

import asyncio
import logging

from faststream import FastStream
from faststream.rabbit import RabbitBroker

from jiraex_notifier.consumer import NotifierConsumer
from jiraex_notifier.queues import PREFETCH
from jiraex_notifier.subscribers import CONSUMER_CONTEXT_KEY, register_subscribers
from jiraex_shared.bus import create_rabbit_broker, declare_topology
from jiraex_shared.bus.rabbit_broker import BROKER_LOGGER
from jiraex_shared.log import get_logger
from jiraex_shared.notify import NotifierDeps
from jiraex_shared.notify.smtp_mailer import SESSION_TIMEOUTS
from jiraex_shared.settings import Settings

APP_ID = "jiraex-notifier"
# After shutdown begins, a handler may still be inside one SMTP session (at most SESSION_TIMEOUTS SMTP timeouts),
# then records the outcome and parks or acks its message.
SETTLE_SECONDS = 10.0

log = get_logger(__name__)


def create_notifier_broker(settings: Settings) -> RabbitBroker:
    """The notifier's broker with its subscribers registered; not connected."""
    broker = create_rabbit_broker(
        settings.rabbitmq_url,
        app_id=APP_ID,
        graceful_timeout=settings.smtp_timeout_seconds * SESSION_TIMEOUTS + SETTLE_SECONDS,
        prefetch_count=PREFETCH,
    )
    register_subscribers(broker)
    return broker


def create_notifier_app(settings: Settings, deps: NotifierDeps, *, broker: RabbitBroker | None = None) -> FastStream:
    """A FastStream app consuming ``notify.email`` and ``job.*`` into the notify handlers; ``await app.run()``.

    On start it declares the whole topology before consuming. On SIGTERM it sets ``deps.stopping`` (retry
    pauses end, held messages are parked for another notifier) and stops the subscribers, which wait for
    the running handlers.
    """
    broker = broker or create_notifier_broker(settings)
    app = FastStream(broker, logger=logging.getLogger(BROKER_LOGGER))
    app.context.set_global(CONSUMER_CONTEXT_KEY, NotifierConsumer(deps))

    @app.on_startup
    async def declare() -> None:
        await broker.connect()
        await declare_topology(broker)

    @app.on_shutdown
    async def stop_consuming() -> None:
        deps.stopping.set()
        results = await asyncio.gather(*(sub.stop() for sub in broker.subscribers), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.error("notifier_stop_failed", error=repr(result))
        log.info("notifier_stopped")

    return app

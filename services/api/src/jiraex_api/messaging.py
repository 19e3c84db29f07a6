"""The API's command bus: RabbitMQ when JIRA_EXTRACTOR_RABBITMQ_URL is set, else the in-process bus."""

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

from jiraex_shared.bus import (
    CommandBus,
    Handler,
    InProcessCommandBus,
    RabbitCommandBus,
    create_rabbit_broker,
    declare_topology,
)
from jiraex_shared.contracts import Message
from jiraex_shared.contracts.notifications import SendEmail
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings

APP_ID = "jiraex-api"
PING_TIMEOUT_SECONDS = 3.0

log = get_logger(__name__)


@dataclass(frozen=True)
class OpenBus:
    bus: CommandBus
    # Raises when the broker cannot be reached; None for the in-process bus, which cannot be down.
    probe: Callable[[], Awaitable[None]] | None


async def log_email(message: SendEmail) -> None:
    """Embedded mode without a notifier in this process: say a mail was asked for, never its secret links."""
    log.warning("email_not_sent", template=message.template, message_id=message.message_id,
                reason="no notifier runs in this process")


@asynccontextmanager
async def open_command_bus(
    settings: Settings, handlers: Mapping[type[Message], Handler] | None = None
) -> AsyncIterator[OpenBus]:
    """``handlers`` serve the in-process bus (``jiraex serve`` adds the job steps and the notifier)."""
    if not settings.rabbitmq_url:
        bus = InProcessCommandBus({SendEmail: log_email, **(handlers or {})})
        try:
            yield OpenBus(bus, None)
        finally:
            await bus.aclose()
        return
    broker = create_rabbit_broker(settings.rabbitmq_url, app_id=APP_ID)
    rabbit = RabbitCommandBus(broker)
    async with broker:
        await declare_topology(broker)
        await broker.start()

        async def probe() -> None:
            if not await broker.ping(timeout=PING_TIMEOUT_SECONDS):
                raise ConnectionError("RabbitMQ does not answer")

        yield OpenBus(rabbit, probe)

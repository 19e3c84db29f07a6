"""A FastStream RabbitBroker configured the way every jiraex service needs it."""

import logging

from fast_depends.msgspec import MsgSpecSerializer
from faststream.rabbit import Channel, RabbitBroker

# FastStream's own service messages ("Received", "Processed") go through the standard library, so the
# structlog handler of `configure_logging` renders them; at DEBUG they stay out of normal logs.
BROKER_LOGGER = "jiraex.broker"


def command_channel(prefetch_count: int | None = None) -> Channel:
    """A channel with publisher confirms whose mandatory publishes raise when they are unroutable.

    Every channel we open needs ``on_return_raises``, not just the default one: FastStream caches an
    exchange object per exchange, bound to whichever channel declared it first (often a subscriber's),
    and later publishes to that exchange go through that channel. With ``on_return_raises=False``
    there an unroutable publish "succeeds" and the message is lost (checked on FastStream 0.7.8).
    """
    return Channel(prefetch_count=prefetch_count, publisher_confirms=True, on_return_raises=True)


def create_rabbit_broker(
    url: str, *, app_id: str, graceful_timeout: float | None = None, prefetch_count: int | None = None
) -> RabbitBroker:
    """A broker for ``url`` with confirmed, raising publishes and the msgspec serializer; not yet connected.

    ``prefetch_count`` applies to every consumer: FastStream consumes a queue on the channel that first
    declared it, which is the default channel once ``declare_topology`` ran — a ``channel=`` given to a
    subscriber is then not used (checked on FastStream 0.7.8 through RabbitMQ's consumer list).
    """
    return RabbitBroker(
        url,
        default_channel=command_channel(prefetch_count),
        serializer=MsgSpecSerializer(),
        graceful_timeout=graceful_timeout,
        app_id=app_id,
        logger=logging.getLogger(BROKER_LOGGER),
        log_level=logging.DEBUG,
    )

"""The notifier's FastStream subscribers: one per consumed queue, manual acknowledgement, nothing but delivery."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from faststream import AckPolicy, Context
from faststream.message import StreamMessage
from faststream.rabbit import RabbitBroker, RabbitMessage

from jiraex_notifier.consumer import NotifierConsumer
from jiraex_notifier.parking import ParkableDelivery
from jiraex_notifier.queues import CONSUMED_QUEUES, ConsumedQueue
from jiraex_shared.bus import rabbit_exchange, rabbit_queue

# The application context entry holding the NotifierConsumer, looked up per message so the broker can be
# built (and inspected) before the database and mailer are open.
CONSUMER_CONTEXT_KEY = "jiraex_notifier_consumer"
ConsumerFromContext = Annotated[NotifierConsumer, Context(CONSUMER_CONTEXT_KEY)]


def register_subscribers(broker: RabbitBroker) -> None:
    """Subscribe to every queue of ``CONSUMED_QUEUES`` on ``broker`` (before it starts)."""
    for consumed in CONSUMED_QUEUES:
        subscriber = broker.subscriber(
            rabbit_queue(consumed.queue),
            rabbit_exchange(consumed.queue.exchange),
            # Every settle decision is ours (consumer.py); FastStream acks nothing by itself.
            ack_policy=AckPolicy.MANUAL,
            # Hand the bytes over untouched: the contract codec judges them and explains what is wrong.
            decoder=_undecoded,
            title=consumed.queue.name,
            description=consumed.summary,
        )
        subscriber(_handler(consumed, broker))


def _undecoded(message: StreamMessage[Any]) -> bytes:
    return message.body


def _handler(consumed: ConsumedQueue, broker: RabbitBroker) -> Callable[..., Awaitable[None]]:
    async def handle(message: RabbitMessage, consumer: ConsumerFromContext) -> None:
        await consumer.deliver(ParkableDelivery(message, broker, queue=consumed.queue.name), consumed)

    handle.__name__ = handle.__qualname__ = f"consume_{consumed.queue.name.replace('.', '_').replace('-', '_')}"
    return handle

"""The worker's FastStream subscribers: one per consumed queue, manual acknowledgement, nothing but delivery."""

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from faststream import AckPolicy, Context
from faststream.message import StreamMessage
from faststream.rabbit import RabbitBroker, RabbitMessage

from jiraex_extractor_worker.consumer import CommandConsumer
from jiraex_extractor_worker.queues import CONSUMED_QUEUES, ConsumedQueue
from jiraex_shared.bus import RabbitDelivery, rabbit_exchange, rabbit_queue

# The application context entry holding the CommandConsumer. Subscribers look it up per message rather
# than closing over it, so the broker (and its AsyncAPI document) can be built without job steps.
CONSUMER_CONTEXT_KEY = "jiraex_command_consumer"
ConsumerFromContext = Annotated[CommandConsumer, Context(CONSUMER_CONTEXT_KEY)]


def register_subscribers(broker: RabbitBroker) -> None:
    """Subscribe to every queue of ``CONSUMED_QUEUES`` on ``broker`` (before it starts)."""
    for consumed in CONSUMED_QUEUES:
        subscriber = broker.subscriber(
            rabbit_queue(consumed.queue),
            rabbit_exchange(consumed.queue.exchange),
            # Every settle decision is ours (bus.delivery_policy); FastStream acks nothing by itself.
            ack_policy=AckPolicy.MANUAL,
            # FastStream would json-decode the body before calling the handler and fail on bad JSON
            # outside our control; hand it the bytes untouched and let the contract codec judge them.
            decoder=_undecoded,
            title=consumed.queue.name,
            description=(inspect.getdoc(consumed.command) or "").split("\n\n", 1)[0],
        )
        subscriber(_handler(consumed, broker))


def _undecoded(message: StreamMessage[Any]) -> bytes:
    return message.body


def _handler(consumed: ConsumedQueue, broker: RabbitBroker) -> Callable[..., Awaitable[None]]:
    async def handle(message: RabbitMessage, consumer: ConsumerFromContext) -> None:
        await consumer.deliver(RabbitDelivery(message, broker, queue=consumed.queue.name), consumed)

    handle.__name__ = handle.__qualname__ = f"consume_{consumed.command_tag.replace('.', '_')}"
    return handle

"""The contract topology as FastStream objects, and its idempotent declaration on a connected broker."""

from typing import cast

from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.schemas.queue import QuorumQueueArgs

from jiraex_shared.contracts import EXCHANGES, QUEUES, Exchange, Queue


def rabbit_exchange(exchange: Exchange) -> RabbitExchange:
    """The durable FastStream exchange for a contract exchange."""
    return RabbitExchange(exchange.name, type=ExchangeType(exchange.type), durable=True)


def rabbit_queue(queue: Queue) -> RabbitQueue:
    """The durable quorum queue for a contract queue, with its delivery limit and dead-letter arguments.

    FastStream binds a subscriber's queue with one routing key; ``declare_topology`` binds every key.
    """
    return RabbitQueue(
        queue.name,
        queue_type=QueueType.QUORUM,
        durable=True,
        routing_key=queue.binding_keys[0],
        arguments=cast(QuorumQueueArgs, dict(queue.arguments)),
    )


async def declare_topology(broker: RabbitBroker) -> None:
    """Declare every exchange and queue of ``contracts.topology`` and bind them; safe to repeat.

    Re-declaring with the same arguments is a no-op for RabbitMQ. A queue that exists with other
    arguments (say, an older delivery limit) fails with ``PRECONDITION_FAILED`` instead of being
    silently kept, so a changed topology is noticed. The broker must be connected.
    """
    declared = {exchange.name: await broker.declare_exchange(rabbit_exchange(exchange)) for exchange in EXCHANGES}
    for queue in QUEUES:
        declared_queue = await broker.declare_queue(rabbit_queue(queue))
        for binding_key in queue.binding_keys:
            await declared_queue.bind(declared[queue.exchange.name], routing_key=binding_key)

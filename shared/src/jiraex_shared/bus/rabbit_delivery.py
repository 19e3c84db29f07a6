"""A FastStream ``RabbitMessage`` as a ``Delivery``: dead-lettering republishes it with the reason attached."""

from collections.abc import Mapping
from typing import Any

from faststream.rabbit import RabbitBroker
from faststream.rabbit.message import RabbitMessage

from jiraex_shared.bus.confirmation import confirmed
from jiraex_shared.bus.delivery_policy import ERROR_HEADER
from jiraex_shared.bus.topology import rabbit_exchange
from jiraex_shared.contracts.topology import DEAD_LETTERS
from jiraex_shared.log import get_logger

# Which queue the message was taken from, next to why it was dead-lettered.
QUEUE_HEADER = "x-jiraex-queue"
# Set by quorum queues on a redelivery: how many times the message was returned to the queue before.
DELIVERY_COUNT_HEADER = "x-delivery-count"

log = get_logger(__name__)


class RabbitDelivery:
    """Settles one message of ``queue`` on the channel it arrived on (manual acknowledgement)."""

    def __init__(self, message: RabbitMessage, broker: RabbitBroker, *, queue: str) -> None:
        self._message = message
        self._broker = broker
        self._queue = queue

    @property
    def body(self) -> bytes:
        return bytes(self._message.raw_message.body)

    @property
    def headers(self) -> Mapping[str, Any]:
        return self._message.raw_message.headers or {}

    @property
    def delivery_count(self) -> int:
        count = self.headers.get(DELIVERY_COUNT_HEADER, 0)
        return count if isinstance(count, int) else 0

    async def ack(self) -> None:
        await self._message.ack()

    async def requeue(self) -> None:
        await self._message.nack(requeue=True)

    async def dead_letter(self, reason: str) -> None:
        """Publish a copy to the dead-letter exchange carrying ``reason``, then ack the original.

        RabbitMQ's own dead-lettering (reject without requeue) cannot add a header, and the reason is
        what an operator needs. If the copy cannot be published, the message is rejected instead, so
        it still reaches the dead-letter queue through the queue's DLX, only without the reason.
        """
        raw = self._message.raw_message
        routing_key = raw.routing_key or ""
        copy = self._broker.publish(
            bytes(raw.body),
            exchange=rabbit_exchange(DEAD_LETTERS),
            routing_key=routing_key,
            persist=True,
            mandatory=True,
            headers={**self.headers, ERROR_HEADER: reason, QUEUE_HEADER: self._queue},
            message_id=raw.message_id,
            correlation_id=raw.correlation_id,
            content_type=raw.content_type,
            message_type=raw.type,
            timestamp=raw.timestamp,
        )
        try:
            await confirmed(
                copy, message_type=raw.type or "message", exchange=DEAD_LETTERS.name, routing_key=routing_key
            )
        except Exception:
            log.exception("dead_letter_copy_failed", queue=self._queue)
            await self._message.reject(requeue=False)
            return
        await self._message.ack()

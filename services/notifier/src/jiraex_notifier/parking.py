"""Give a message back without spending its delivery limit: a copy to the queue's tail, then ack the original.

A quorum queue counts every return (nack, requeue, a closed channel) towards ``x-delivery-limit`` and
dead-letters past it, so requeueing on each failed round would turn a long SMTP outage into lost mail.
The copy is a new message (delivery count 0) with the same body and message id; the delivery records make
a repeated message harmless. It is confirmed by RabbitMQ before the original is acked, so nothing is lost
in between: at worst both exist, and the records send each mail once.
"""

from collections.abc import Mapping
from typing import Any

from faststream.rabbit import RabbitBroker
from faststream.rabbit.message import RabbitMessage

from jiraex_shared.bus import RabbitDelivery
from jiraex_shared.bus.confirmation import confirmed

# How many times the message was parked before; the pause before the next round grows with it.
PARKED_HEADER = "x-jiraex-parked"
# Headers RabbitMQ sets on a redelivered or dead-lettered message; a fresh copy must not inherit them.
_BROKER_HEADERS = frozenset({"x-delivery-count", "x-death", "x-first-death-exchange", "x-first-death-queue",
                             "x-first-death-reason"})


def parked_count(headers: Mapping[str, Any]) -> int:
    count = headers.get(PARKED_HEADER, 0)
    return count if isinstance(count, int) and count >= 0 else 0


async def park(message: RabbitMessage, broker: RabbitBroker, *, queue: str) -> None:
    """Publish a copy of ``message`` straight to ``queue`` (default exchange), confirmed, then ack the original."""
    raw = message.raw_message
    headers = {key: value for key, value in (raw.headers or {}).items() if key not in _BROKER_HEADERS}
    headers[PARKED_HEADER] = parked_count(raw.headers or {}) + 1
    copy = broker.publish(
        bytes(raw.body),
        queue=queue,
        persist=True,
        mandatory=True,
        headers=headers,
        message_id=raw.message_id,
        correlation_id=raw.correlation_id,
        content_type=raw.content_type,
        message_type=raw.type,
        timestamp=raw.timestamp,
    )
    await confirmed(copy, message_type=raw.type or "message", exchange="(default)", routing_key=queue)
    await message.ack()


class ParkableDelivery(RabbitDelivery):
    """A ``RabbitDelivery`` that can also be parked (see the module docstring)."""

    @property
    def parked(self) -> int:
        return parked_count(self.headers)

    async def park(self) -> None:
        await park(self._message, self._broker, queue=self._queue)

"""The port every service publishes commands and domain events through."""

from typing import Protocol

from jiraex_shared.contracts import Message


class CommandBus(Protocol):
    async def publish(self, message: Message) -> None:
        """Hand ``message`` to the bus, routed by ``contracts.route_for(message)``.

        Returns once the message is durably accepted (RabbitMQ: publisher confirm of a persistent message).
        Raises ``UnroutableMessage`` when nothing would receive it and ``MessageRejected`` when the broker
        refused it — never drops a message silently. ``KeyError`` means ``message`` is not a broker message.
        """
        ...

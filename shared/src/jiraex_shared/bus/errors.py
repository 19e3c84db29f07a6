"""Why a publish failed: the broker had nowhere to put the message, or refused it."""


class PublishFailed(Exception):
    """The message was not accepted by the broker; the caller still owns it (nothing was enqueued)."""

    def __init__(self, message: str, *, message_type: str, routing_key: str) -> None:
        super().__init__(message)
        self.message_type = message_type
        self.routing_key = routing_key


class UnroutableMessage(PublishFailed):
    """No queue is bound for the message's routing key (or its exchange does not exist).

    RabbitMQ returns such a mandatory publish instead of enqueueing it; silently dropping it would lose a
    command, so the bus raises. It usually means the topology was not declared on this vhost.
    """


class MessageRejected(PublishFailed):
    """The broker negatively confirmed the publish, e.g. a queue at its length limit (``reject-publish``)."""

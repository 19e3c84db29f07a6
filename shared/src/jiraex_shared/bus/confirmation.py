"""Turn the outcome of a confirmed, mandatory RabbitMQ publish into our publish errors."""

from collections.abc import Awaitable
from typing import Any

from aiormq.abc import DeliveredMessage
from aiormq.exceptions import ChannelNotFoundEntity, DeliveryError, PublishError

from jiraex_shared.bus.errors import MessageRejected, UnroutableMessage


async def confirmed(publish: Awaitable[Any], *, message_type: str, exchange: str, routing_key: str) -> None:
    """Await ``publish``; raise ``UnroutableMessage``/``MessageRejected`` unless RabbitMQ acked it."""
    where = f"{exchange!r} with routing key {routing_key!r}"
    try:
        result = await publish
    except PublishError as error:  # basic.return: no queue bound (channel opened with on_return_raises)
        raise UnroutableMessage(
            f"no queue receives {message_type} messages published to {where}; is the topology declared?",
            message_type=message_type, routing_key=routing_key,
        ) from error
    except ChannelNotFoundEntity as error:
        raise UnroutableMessage(
            f"cannot publish {message_type} to {where}: {error}", message_type=message_type, routing_key=routing_key
        ) from error
    except DeliveryError as error:  # basic.nack
        raise MessageRejected(
            f"RabbitMQ refused the {message_type} message published to {where}",
            message_type=message_type, routing_key=routing_key,
        ) from error
    if isinstance(result, DeliveredMessage):
        # A returned message on a channel without on_return_raises: the same failure, reported as a value.
        raise UnroutableMessage(
            f"no queue receives {message_type} messages published to {where}",
            message_type=message_type, routing_key=routing_key,
        )

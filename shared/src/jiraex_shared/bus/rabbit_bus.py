"""The RabbitMQ command bus: confirmed, persistent, mandatory publishes through one documented publisher per route."""

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from faststream.rabbit import RabbitBroker
from faststream.rabbit.publisher import RabbitPublisher

from jiraex_shared.bus.confirmation import confirmed
from jiraex_shared.bus.rabbit_broker import create_rabbit_broker
from jiraex_shared.bus.topology import declare_topology, rabbit_exchange
from jiraex_shared.contracts import ROUTES, Message, encode, route_for

CONTENT_TYPE = "application/json"


class RabbitCommandBus:
    """Publishes contract messages on ``broker``.

    One FastStream publisher is registered per entry of ``contracts.ROUTES`` when the bus is built, so
    the broker's AsyncAPI document lists every message a service may publish and where it goes. Build
    the bus before the broker starts; publishing needs a connected broker whose topology is declared.
    """

    def __init__(self, broker: RabbitBroker) -> None:
        self._publishers: dict[type[Message], RabbitPublisher] = {
            message_type: broker.publisher(
                exchange=rabbit_exchange(route.exchange),
                routing_key=route.routing_key,
                persist=True,
                mandatory=True,
                content_type=CONTENT_TYPE,
                message_type=_tag(message_type),
                title=f"{route.exchange.name}:{route.routing_key}",
                description=_summary(message_type),
            )
            for message_type, route in ROUTES.items()
        }

    async def publish(self, message: Message) -> None:
        route = route_for(message)
        publisher = self._publishers[type(message)]
        await confirmed(
            publisher.publish(encode(message), message_id=message.message_id),
            message_type=_tag(type(message)),
            exchange=route.exchange.name,
            routing_key=route.routing_key,
        )


@asynccontextmanager
async def open_rabbit_command_bus(url: str, *, app_id: str) -> AsyncIterator[RabbitCommandBus]:
    """Connect a publishing-only broker to ``url``, declare the topology, yield its bus; close on exit."""
    broker = create_rabbit_broker(url, app_id=app_id)
    bus = RabbitCommandBus(broker)
    async with broker:
        await declare_topology(broker)
        await broker.start()
        yield bus


def _tag(message_type: type[Message]) -> str:
    return str(message_type.__struct_config__.tag)


def _summary(message_type: type[Message]) -> str:
    return (inspect.getdoc(message_type) or "").split("\n\n", 1)[0]

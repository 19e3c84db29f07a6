"""How services hand commands and events to each other: RabbitMQ in the fleet, asyncio tasks when embedded."""

from jiraex_shared.bus.command_bus import CommandBus
from jiraex_shared.bus.delivery import Delivery
from jiraex_shared.bus.delivery_policy import ERROR_HEADER, describe_failure, is_transient, outcome_for, requeue_delay
from jiraex_shared.bus.errors import MessageRejected, PublishFailed, UnroutableMessage
from jiraex_shared.bus.in_process import DeadLetter, Handler, InProcessCommandBus
from jiraex_shared.bus.job_steps import JobSteps, job_step_handlers
from jiraex_shared.bus.rabbit_broker import command_channel, create_rabbit_broker
from jiraex_shared.bus.rabbit_bus import RabbitCommandBus, open_rabbit_command_bus
from jiraex_shared.bus.rabbit_delivery import RabbitDelivery
from jiraex_shared.bus.topology import declare_topology, rabbit_exchange, rabbit_queue

__all__ = [
    "ERROR_HEADER",
    "CommandBus",
    "DeadLetter",
    "Delivery",
    "Handler",
    "InProcessCommandBus",
    "JobSteps",
    "MessageRejected",
    "PublishFailed",
    "RabbitCommandBus",
    "RabbitDelivery",
    "UnroutableMessage",
    "command_channel",
    "create_rabbit_broker",
    "declare_topology",
    "describe_failure",
    "is_transient",
    "job_step_handlers",
    "open_rabbit_command_bus",
    "outcome_for",
    "rabbit_exchange",
    "rabbit_queue",
    "requeue_delay",
]

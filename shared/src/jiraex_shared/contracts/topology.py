"""Every RabbitMQ exchange, queue and routing key, and which message travels where.

Pure data: services build their FastStream ``RabbitExchange``/``RabbitQueue`` objects from it
(``arguments=dict(queue.arguments)``) and publish with ``route_for(message)``, so no name is
spelled anywhere else.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from jiraex_shared.contracts.base import Message
from jiraex_shared.contracts.commands import AssembleExport, ExportRequested, ExtractChunk
from jiraex_shared.contracts.events import JobCancelled, JobFailed, JobSucceeded, JobSucceededWithWarnings
from jiraex_shared.contracts.notifications import SendEmail

ExchangeType = Literal["direct", "topic", "fanout"]

# RabbitMQ 3.10 has no default delivery limit and 4.x defaults to 20; set ours everywhere so both
# behave the same. Five deliveries absorb a few worker crashes without looping on a poison message.
DELIVERY_LIMIT = 5


@dataclass(frozen=True, slots=True)
class Exchange:
    """A durable exchange."""

    name: str
    type: ExchangeType


@dataclass(frozen=True, slots=True)
class Route:
    """Where a message is published: an exchange and a routing key."""

    exchange: Exchange
    routing_key: str


@dataclass(frozen=True, slots=True)
class Queue:
    """A durable quorum queue bound to ``exchange`` with each of ``binding_keys``."""

    name: str
    exchange: Exchange
    binding_keys: tuple[str, ...]
    arguments: Mapping[str, str | int] = field(hash=False)


COMMANDS = Exchange("jiraex.commands", "direct")
EVENTS = Exchange("jiraex.events", "topic")
# Topic, bound with "#", so dead letters keep their original routing key for whoever inspects them.
DEAD_LETTERS = Exchange("jiraex.dlx", "topic")

EXPORT_REQUESTED = "export.requested"
EXPORT_CHUNK = "export.chunk"
EXPORT_ASSEMBLE = "export.assemble"
NOTIFY_EMAIL = "notify.email"
JOB_SUCCEEDED = "job.succeeded"
JOB_SUCCEEDED_WITH_WARNINGS = "job.succeeded_with_warnings"
JOB_FAILED = "job.failed"
JOB_CANCELLED = "job.cancelled"
ALL_JOB_EVENTS = "job.#"


def _quorum_arguments(*, dead_letter: bool) -> Mapping[str, str | int]:
    arguments: dict[str, str | int] = {"x-queue-type": "quorum"}
    if dead_letter:
        arguments |= {
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": DEAD_LETTERS.name,
            # At-least-once dead-lettering needs reject-publish: with the default drop-head overflow
            # RabbitMQ silently falls back to at-most-once, and a rejected command could be lost.
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        }
    return MappingProxyType(arguments)


def _queue(name: str, exchange: Exchange, *binding_keys: str, dead_letter: bool = True) -> Queue:
    return Queue(name, exchange, binding_keys, _quorum_arguments(dead_letter=dead_letter))


EXPORT_REQUESTS_QUEUE = _queue("jiraex.export-requests", COMMANDS, EXPORT_REQUESTED)
EXPORT_CHUNKS_QUEUE = _queue("jiraex.export-chunks", COMMANDS, EXPORT_CHUNK)
EXPORT_ASSEMBLY_QUEUE = _queue("jiraex.export-assembly", COMMANDS, EXPORT_ASSEMBLE)
NOTIFICATIONS_QUEUE = _queue("jiraex.notifications", COMMANDS, NOTIFY_EMAIL)
NOTIFIER_JOB_EVENTS_QUEUE = _queue("jiraex.notifier-job-events", EVENTS, ALL_JOB_EVENTS)
# The end of the line: no DLX of its own, so a message it holds cannot loop back.
DEAD_LETTER_QUEUE = _queue("jiraex.dead-letters", DEAD_LETTERS, "#", dead_letter=False)

EXCHANGES: tuple[Exchange, ...] = (COMMANDS, EVENTS, DEAD_LETTERS)
QUEUES: tuple[Queue, ...] = (
    EXPORT_REQUESTS_QUEUE,
    EXPORT_CHUNKS_QUEUE,
    EXPORT_ASSEMBLY_QUEUE,
    NOTIFICATIONS_QUEUE,
    NOTIFIER_JOB_EVENTS_QUEUE,
    DEAD_LETTER_QUEUE,
)

ROUTES: Mapping[type[Message], Route] = MappingProxyType(
    {
        ExportRequested: Route(COMMANDS, EXPORT_REQUESTED),
        ExtractChunk: Route(COMMANDS, EXPORT_CHUNK),
        AssembleExport: Route(COMMANDS, EXPORT_ASSEMBLE),
        SendEmail: Route(COMMANDS, NOTIFY_EMAIL),
        JobSucceeded: Route(EVENTS, JOB_SUCCEEDED),
        JobSucceededWithWarnings: Route(EVENTS, JOB_SUCCEEDED_WITH_WARNINGS),
        JobFailed: Route(EVENTS, JOB_FAILED),
        JobCancelled: Route(EVENTS, JOB_CANCELLED),
    }
)


def route_for(message: Message) -> Route:
    """Return where ``message`` is published; a KeyError means it is not a broker message."""
    return ROUTES[type(message)]


def binding_matches(exchange_type: ExchangeType, binding_key: str, routing_key: str) -> bool:
    """Tell whether a queue bound with ``binding_key`` receives ``routing_key``, as RabbitMQ would.

    The in-process command bus routes with this, so it delivers exactly where the broker would.
    """
    if exchange_type == "fanout":
        return True
    if exchange_type == "direct":
        return binding_key == routing_key
    return _topic_matches(binding_key.split("."), routing_key.split("."))


def _topic_matches(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        # "#" takes zero or more words: try every split.
        return any(_topic_matches(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head in ("*", words[0])) and _topic_matches(rest, words[1:])


def queues_for(route: Route) -> tuple[Queue, ...]:
    """Return the queues a message published on ``route`` lands in."""
    return tuple(
        queue
        for queue in QUEUES
        if queue.exchange == route.exchange
        and any(binding_matches(route.exchange.type, key, route.routing_key) for key in queue.binding_keys)
    )

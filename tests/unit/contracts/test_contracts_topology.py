"""The broker topology is consistent: every message has a route, every route reaches one queue."""

import subprocess
import sys
from typing import get_args

import pytest

from jiraex_shared.contracts import (
    DELIVERY_LIMIT,
    EXCHANGES,
    QUEUES,
    ROUTES,
    Command,
    JobEvent,
    JobFailed,
    Route,
    binding_matches,
    queues_for,
    route_for,
)
from jiraex_shared.contracts.topology import (
    COMMANDS,
    DEAD_LETTER_QUEUE,
    DEAD_LETTERS,
    EVENTS,
    NOTIFIER_JOB_EVENTS_QUEUE,
)

BROKER_MESSAGES = get_args(Command) + get_args(JobEvent)


def test_every_broker_message_has_a_route_named_after_its_tag():
    assert set(ROUTES) == set(BROKER_MESSAGES)
    for message_type, route in ROUTES.items():
        assert route.routing_key == message_type.__struct_config__.tag


def test_commands_go_to_the_direct_exchange_and_events_to_the_topic_exchange():
    assert {ROUTES[t].exchange for t in get_args(Command)} == {COMMANDS}
    assert {ROUTES[t].exchange for t in get_args(JobEvent)} == {EVENTS}
    assert COMMANDS.type == "direct"
    assert EVENTS.type == "topic"


@pytest.mark.parametrize("message_type", BROKER_MESSAGES, ids=lambda t: t.__name__)
def test_every_route_reaches_exactly_one_queue_bound_to_its_exchange(message_type):
    route = ROUTES[message_type]

    (queue,) = queues_for(route)

    assert route.exchange in EXCHANGES
    assert queue.exchange == route.exchange
    assert any(binding_matches(route.exchange.type, key, route.routing_key) for key in queue.binding_keys)


def test_every_queue_except_the_dead_letter_queue_receives_some_route():
    fed = {queue.name for route in ROUTES.values() for queue in queues_for(route)}

    assert fed == {queue.name for queue in QUEUES} - {DEAD_LETTER_QUEUE.name}


def test_names_are_unique_and_exchanges_declared():
    assert len({q.name for q in QUEUES}) == len(QUEUES)
    assert len({e.name for e in EXCHANGES}) == len(EXCHANGES)
    assert all(queue.exchange in EXCHANGES for queue in QUEUES)


@pytest.mark.parametrize("queue", [q for q in QUEUES if q is not DEAD_LETTER_QUEUE], ids=lambda q: q.name)
def test_work_queues_are_quorum_with_bounded_at_least_once_dead_lettering(queue):
    assert dict(queue.arguments) == {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": DEAD_LETTERS.name,
        "x-dead-letter-strategy": "at-least-once",
        # Without reject-publish RabbitMQ silently downgrades to at-most-once dead-lettering.
        "x-overflow": "reject-publish",
    }


def test_dead_letter_queue_takes_every_dead_letter_and_does_not_loop():
    assert dict(DEAD_LETTER_QUEUE.arguments) == {"x-queue-type": "quorum"}
    for route in ROUTES.values():
        assert queues_for(Route(DEAD_LETTERS, route.routing_key)) == (DEAD_LETTER_QUEUE,)


def test_notifier_hears_every_job_event_and_queue_arguments_are_read_only():
    assert NOTIFIER_JOB_EVENTS_QUEUE.binding_keys == ("job.#",)
    with pytest.raises(TypeError):
        NOTIFIER_JOB_EVENTS_QUEUE.arguments["x-delivery-limit"] = 100  # type: ignore[index]


def test_route_for_a_message_instance():
    message = JobFailed(job_id="j", export_name="n", error_message="x", error_kind="internal")

    assert route_for(message) == Route(EVENTS, "job.failed")


@pytest.mark.parametrize(
    ("exchange_type", "binding_key", "routing_key", "expected"),
    [
        ("direct", "export.chunk", "export.chunk", True),
        ("direct", "export.chunk", "export.chunks", False),
        ("direct", "export.*", "export.chunk", False),
        ("topic", "job.#", "job.failed", True),
        ("topic", "job.#", "job", True),
        ("topic", "job.#", "job.a.b", True),
        ("topic", "job.#", "jobs.failed", False),
        ("topic", "job.*", "job.failed", True),
        ("topic", "job.*", "job.a.b", False),
        ("topic", "job.*", "job", False),
        ("topic", "#", "anything.at.all", True),
        ("topic", "#.failed", "job.failed", True),
        ("topic", "*.failed", "failed", False),
        ("topic", "job.#.done", "job.done", True),
        ("topic", "job.#.done", "job.x.y.done", True),
        ("fanout", "ignored", "whatever", True),
    ],
)
def test_binding_matches_follows_rabbitmq_rules(exchange_type, binding_key, routing_key, expected):
    assert binding_matches(exchange_type, binding_key, routing_key) is expected


def test_contracts_import_no_transport_library():
    code = (
        "import sys, jiraex_shared.contracts\n"
        "transports = {'faststream', 'aio_pika', 'aiormq', 'redis', 'litestar'}\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in transports]\n"
        "assert not loaded, loaded\n"
    )

    subprocess.run([sys.executable, "-c", code], check=True)

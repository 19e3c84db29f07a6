"""The FastStream objects built from the contract topology carry its names and arguments unchanged."""

import pytest

from jiraex_shared.bus import command_channel, rabbit_exchange, rabbit_queue
from jiraex_shared.contracts import DELIVERY_LIMIT, EXCHANGES, QUEUES


@pytest.mark.parametrize("queue", QUEUES, ids=lambda queue: queue.name)
def test_every_queue_is_a_durable_quorum_queue_with_the_contract_arguments(queue) -> None:  # type: ignore[no-untyped-def]
    declared = rabbit_queue(queue)
    assert declared.name == queue.name
    assert declared.durable
    assert declared.arguments == {**queue.arguments, "x-queue-type": "quorum"}
    assert declared.routing() == queue.binding_keys[0]


def test_command_queues_dead_letter_after_the_delivery_limit() -> None:
    arguments = rabbit_queue(QUEUES[0]).arguments
    assert arguments["x-delivery-limit"] == DELIVERY_LIMIT
    assert arguments["x-dead-letter-exchange"] == "jiraex.dlx"
    assert arguments["x-dead-letter-strategy"] == "at-least-once"
    assert arguments["x-overflow"] == "reject-publish"


@pytest.mark.parametrize("exchange", EXCHANGES, ids=lambda exchange: exchange.name)
def test_exchanges_are_durable_with_their_type(exchange) -> None:  # type: ignore[no-untyped-def]
    declared = rabbit_exchange(exchange)
    assert (declared.name, declared.type.value, declared.durable) == (exchange.name, exchange.type, True)


def test_channels_confirm_and_raise_on_unroutable_publishes() -> None:
    channel = command_channel(prefetch_count=3)
    assert (channel.prefetch_count, channel.publisher_confirms, channel.on_return_raises) == (3, True, True)

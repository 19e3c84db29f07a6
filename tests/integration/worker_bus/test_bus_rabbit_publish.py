"""Topology declaration and the RabbitMQ command bus against a real broker: confirmed, persistent, never dropped."""

from collections.abc import AsyncIterator
from urllib.parse import quote, unquote, urlsplit

import aio_pika
import httpx
import msgspec
import pytest
from service_urls import ServiceUrls
from worker_bus_support import Inspector

from jiraex_shared.bus import (
    RabbitCommandBus,
    UnroutableMessage,
    create_rabbit_broker,
    declare_topology,
    open_rabbit_command_bus,
)
from jiraex_shared.contracts import DELIVERY_LIMIT, QUEUES, ExportRequested, JobSucceeded, SendEmail, encode

pytestmark = pytest.mark.integration


@pytest.fixture
async def management(services: ServiceUrls, rabbitmq_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    api = urlsplit(services.rabbitmq_api)
    base = api._replace(netloc=f"{api.hostname}:{api.port}").geturl()
    async with httpx.AsyncClient(
        base_url=base, auth=(api.username or "guest", api.password or "guest"), timeout=10
    ) as client:
        yield client, quote(unquote(urlsplit(rabbitmq_url).path.lstrip("/")), safe="")


async def declared_twice(rabbitmq_url: str) -> None:
    broker = create_rabbit_broker(rabbitmq_url, app_id="test")
    async with broker:
        await declare_topology(broker)
    broker = create_rabbit_broker(rabbitmq_url, app_id="test")
    async with broker:
        await declare_topology(broker)  # a second process declaring the same topology is a no-op


async def test_topology_is_declared_idempotently_with_quorum_arguments(
    rabbitmq_url: str, management: tuple[httpx.AsyncClient, str]
) -> None:
    await declared_twice(rabbitmq_url)
    client, vhost = management
    for queue in QUEUES:
        info = (await client.get(f"/queues/{vhost}/{quote(queue.name, safe='')}")).raise_for_status().json()
        assert info["type"] == "quorum"
        assert info["durable"] is True
        assert info["arguments"] == dict(queue.arguments)
        bindings = (await client.get(f"/queues/{vhost}/{quote(queue.name, safe='')}/bindings")).json()
        assert {(b["source"], b["routing_key"]) for b in bindings if b["source"]} == {
            (queue.exchange.name, key) for key in queue.binding_keys
        }
    requests = (await client.get(f"/queues/{vhost}/jiraex.export-requests")).json()
    assert requests["arguments"]["x-delivery-limit"] == DELIVERY_LIMIT
    assert requests["arguments"]["x-dead-letter-exchange"] == "jiraex.dlx"
    for name, kind in [("jiraex.commands", "direct"), ("jiraex.events", "topic"), ("jiraex.dlx", "topic")]:
        exchange = (await client.get(f"/exchanges/{vhost}/{name}")).raise_for_status().json()
        assert (exchange["type"], exchange["durable"]) == (kind, True)


async def test_published_commands_are_persistent_confirmed_and_decodable(
    rabbitmq_url: str, inspector: Inspector
) -> None:
    request = ExportRequested(connection_id="c-1", jql="project = A ORDER BY key", formats=["csv", "json"])
    async with open_rabbit_command_bus(rabbitmq_url, app_id="test") as bus:
        await bus.publish(request)
    received = await inspector.next_message("jiraex.export-requests")
    assert received.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert received.message_id == request.message_id
    assert received.content_type == "application/json"
    assert received.type == "export.requested"
    assert bytes(received.body) == encode(request)
    assert msgspec.json.decode(received.body, type=ExportRequested) == request


async def test_job_events_reach_the_notifier_queue(rabbitmq_url: str, inspector: Inspector) -> None:
    event = JobSucceeded(job_id="j-1", export_name="weekly")
    async with open_rabbit_command_bus(rabbitmq_url, app_id="test") as bus:
        await bus.publish(event)
    received = await inspector.next_message("jiraex.notifier-job-events")
    assert (received.routing_key, received.exchange) == ("job.succeeded", "jiraex.events")
    assert bytes(received.body) == encode(event)


async def test_publishing_where_no_queue_is_bound_raises(rabbitmq_url: str) -> None:
    # A fresh vhost: starting the broker declares the exchanges its publishers use, but no queue.
    broker = create_rabbit_broker(rabbitmq_url, app_id="test")
    bus = RabbitCommandBus(broker)
    async with broker:
        await broker.start()
        with pytest.raises(UnroutableMessage, match=r"no queue receives export\.requested") as raised:
            await bus.publish(ExportRequested(connection_id="c-1", jql="x", formats=["json"]))
        assert raised.value.routing_key == "export.requested"
        # The channel survives a returned message: the next publish is judged on its own.
        with pytest.raises(UnroutableMessage):
            await bus.publish(SendEmail(template="password_reset", to="a@example.com",
                                        params={"reset_url": "u", "expires_at": "t"}))


async def test_publishing_to_a_missing_exchange_raises(rabbitmq_url: str) -> None:
    broker = create_rabbit_broker(rabbitmq_url, app_id="test")
    bus = RabbitCommandBus(broker)
    async with broker:  # connected, never started: nothing declared at all
        with pytest.raises(UnroutableMessage, match=r"jiraex\.commands"):
            await bus.publish(ExportRequested(connection_id="c-1", jql="x", formats=["json"]))



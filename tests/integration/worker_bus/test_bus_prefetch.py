"""Each queue the worker consumes holds at most one unacknowledged delivery, as RabbitMQ itself reports."""

import asyncio
from urllib.parse import unquote, urlsplit

import httpx
from worker_bus_support import RecordingSteps

from jiraex_shared.contracts.topology import EXPORT_ASSEMBLY_QUEUE, EXPORT_CHUNKS_QUEUE, EXPORT_REQUESTS_QUEUE


async def test_every_consumer_has_prefetch_one(rabbitmq_url: str, services, run_worker) -> None:  # type: ignore[no-untyped-def]
    vhost = unquote(urlsplit(rabbitmq_url).path.lstrip("/"))
    api = urlsplit(services.rabbitmq_api)
    async with run_worker(RecordingSteps()), httpx.AsyncClient(
        base_url=api._replace(netloc=f"{api.hostname}:{api.port}").geturl(),
        auth=(api.username or "guest", api.password or "guest"),
    ) as client:
        # The management API lists consumers a few seconds after they start (its statistics interval).
        async with asyncio.timeout(30):
            while len(consumers := (await client.get(f"/consumers/{vhost}")).raise_for_status().json()) < 3:  # noqa: ASYNC110
                await asyncio.sleep(0.5)
    prefetch = {consumer["queue"]["name"]: consumer["prefetch_count"] for consumer in consumers}
    assert prefetch == {
        EXPORT_REQUESTS_QUEUE.name: 1, EXPORT_CHUNKS_QUEUE.name: 1, EXPORT_ASSEMBLY_QUEUE.name: 1,
    }

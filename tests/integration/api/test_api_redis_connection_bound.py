"""Many SSE handshakes at once hold a bounded number of the API's Redis connections, whatever the client count."""

import asyncio
import os
import socket

import httpx
import pytest
import redis.asyncio as aioredis
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, served, sign_in
from sse_parsing import sse_events

from jiraex_api.redis_clients import COMMAND_CONNECTIONS, COMMANDS_NAME, FOLLOWERS_NAME, client_name
from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobProgressed

pytestmark = pytest.mark.integration
CLIENTS = 60  # well above the command pool: unbounded, this many concurrent replays opened ~this many connections


async def _named_connections(redis_url: str) -> dict[str, int]:
    """This process's API connections by role, from Redis's own CLIENT LIST."""
    names = {client_name(COMMANDS_NAME): "commands", client_name(FOLLOWERS_NAME): "followers"}
    async with aioredis.from_url(redis_url) as probe:
        listed = await probe.client_list()
    counts = {"commands": 0, "followers": 0}
    for client in listed:
        role = names.get(client.get("name", ""))
        if role:
            counts[role] += 1
    return counts


def _subscribed(api: ApiHarness, job_id: str) -> int:
    hub = getattr(api.app.state, "stream_hub", None)  # created by the first stream request
    return 0 if hub is None else hub.clients(job_id)


async def test_concurrent_stream_handshakes_share_a_bounded_pool(fleet_api: ApiHarness, redis_url: str) -> None:
    assert client_name(COMMANDS_NAME).endswith(f"@{socket.gethostname()}:{os.getpid()}")
    alice = await sign_in(fleet_api, "alice@example.com")
    job_id = await finished_job(fleet_api, alice.user_id, await add_connection(fleet_api, alice.user_id), {},
                                state="running")
    for step in range(50):  # something to replay: each handshake reads these with XRANGE
        await fleet_api.deps.events.append(job_id, JobProgressed(
            job_id=job_id, phase="extracting", counts=ExportCounts(issues_exported=step)))
    limits = httpx.Limits(max_connections=CLIENTS + 5)
    async with served(fleet_api.app) as base, httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def follow() -> None:
            async with client.stream("GET", f"/api/jobs/{job_id}/stream", headers=alice.headers) as response:
                assert response.status_code == 200
                async for _ in sse_events(response.aiter_lines()):
                    pass

        readers = [asyncio.create_task(follow()) for _ in range(CLIENTS)]
        try:
            async with asyncio.timeout(30):
                while _subscribed(fleet_api, job_id) < CLIENTS:  # noqa: ASYNC110 - the hub offers no event for this
                    await asyncio.sleep(0.02)
            counts = await _named_connections(redis_url)
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
    assert counts["followers"] == 1  # one XREAD BLOCK reader for the one job
    assert 1 <= counts["commands"] <= COMMAND_CONNECTIONS

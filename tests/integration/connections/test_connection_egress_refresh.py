"""A running worker's Jira client follows the admin allow-list as it changes, without a restart."""

import asyncio

import httpx
import pytest
from connection_harness import connection_world

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.connections import (
    EgressPolicy,
    EgressRefused,
    GuardedNetworkBackend,
)
from jiraex_shared.connections.egress_refresh import live_guarded_client, refreshed_policy

pytestmark = pytest.mark.integration
EVERY = 0.05


async def _refused(client: httpx.AsyncClient, url: str) -> bool:
    try:
        # A new socket each time (the guard checks sockets as they open), as a pooled one would only be reused.
        response = await client.get(url, headers={"Connection": "close"})
    except EgressRefused:
        return True
    assert response.status_code == 200
    return False


async def _until_refused(client: httpx.AsyncClient, url: str, want: bool, seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while await _refused(client, url) != want:  # noqa: ASYNC110 - polling what the refresher swaps
            await asyncio.sleep(EVERY)


async def _until(check, seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not check():  # noqa: ASYNC110 - polling the policy the refresher swaps
            await asyncio.sleep(EVERY)


async def test_an_allow_list_edit_reaches_a_running_client(pg_url: str) -> None:
    async with run_simulator(SimConfig(issues=3)) as sim, connection_world(pg_url) as world:
        url = f"{sim.base_url}/rest/api/3/serverInfo"
        async with live_guarded_client(world.sessions, world.deps.settings, read_timeout=5, every=EVERY) as client:
            assert await _refused(client, url)  # the simulator is on loopback, not allow-listed yet
            await world.allow("127.0.0.1/32")
            await _until_refused(client, url, want=False)
            await world.allow()  # and removed again
            await _until_refused(client, url, want=True)


async def test_a_failed_reload_keeps_the_last_policy() -> None:
    allowed = EgressPolicy.from_entries(["jira.corp"])
    calls = 0

    async def flaky() -> EgressPolicy:
        nonlocal calls
        calls += 1
        raise OSError("database away")

    backend = GuardedNetworkBackend(allowed)
    async with refreshed_policy(backend, flaky, every=EVERY):
        await _until(lambda: calls >= 3)
    assert backend.policy is allowed

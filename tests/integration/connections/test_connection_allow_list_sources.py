"""The allow-list comes from the JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS setting as well as from app_config."""

import pytest
from connection_harness import connection_world, new_secret_key

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.connections import NewConnection, create_connection, load_egress_policy, run_connection_test
from jiraex_shared.db.repositories.connection_allow_list import stored_allowed_hosts
from jiraex_shared.settings import load_settings

pytestmark = pytest.mark.integration


async def test_the_setting_allow_lists_the_simulator(pg_url: str) -> None:
    settings = load_settings({
        "JIRA_EXTRACTOR_SECRET_KEY": new_secret_key(), "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "jira.corp, 127.0.0.1/32",
    })
    async with (
        run_simulator(SimConfig(issues=5, token="tok")) as sim,
        connection_world(pg_url, settings=settings) as world,
        world.sessions() as session,
    ):
        view = await create_connection(session, world.deps, world.alice, NewConnection(
            name="Sim", base_url=sim.base_url, auth_kind="basic", username="sim@example.com", token="tok",
        ))
        assert (await run_connection_test(session, world.deps, world.alice, view.id)).ok


async def test_admin_entries_are_stored_canonical_and_merged_with_the_setting(pg_url: str) -> None:
    settings = load_settings({
        "JIRA_EXTRACTOR_SECRET_KEY": new_secret_key(), "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "a.corp",
    })
    async with connection_world(pg_url, settings=settings) as world:
        await world.allow("B.Corp.", "10.1.2.3/8", "b.corp")
        async with world.sessions() as session:
            assert await stored_allowed_hosts(session) == ["b.corp", "10.0.0.0/8"]
            policy = await load_egress_policy(session, world.deps.settings)
        assert policy.allowed_hosts == {"a.corp", "b.corp"}
        assert [str(network) for network in policy.allowed_networks] == ["10.0.0.0/8"]

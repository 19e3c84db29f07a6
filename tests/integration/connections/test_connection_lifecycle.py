"""Create → test → fields → update → delete against the Jira simulator, on a real PostgreSQL database."""

import uuid

import pytest
from connection_harness import connection_world
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.connections import (
    ConnectionChanges,
    ConnectionInputError,
    ConnectionNotFound,
    NewConnection,
    create_connection,
    delete_connection,
    fields_dictionary,
    get_connection,
    list_connections,
    rotate_connection_keys,
    run_connection_test,
    update_connection,
)
from jiraex_shared.db.audit import AuditEntry
from jiraex_shared.db.connections import Connection

pytestmark = pytest.mark.integration

TOKEN = "cloud-token-4-lifecycle"
PAT = "server-pat-4-lifecycle"


def cloud_sim() -> SimConfig:
    return SimConfig(mode="cloud", issues=20, seed=3, email="robot@example.com", token=TOKEN)


async def stored(world, connection_id: uuid.UUID) -> Connection:
    async with world.sessions() as session:
        return (await session.execute(select(Connection).where(Connection.id == connection_id))).scalar_one()


async def test_a_cloud_connection_from_creation_to_deletion(pg_url: str) -> None:
    async with run_simulator(cloud_sim()) as sim, connection_world(pg_url) as world:
        new = NewConnection(
            name="Simulated Cloud", base_url=sim.base_url + "/", auth_kind="basic", username="robot@example.com",
            token=TOKEN,
        )
        async with world.sessions() as session:
            # The simulator listens on loopback: refused until an admin allow-lists it.
            with pytest.raises(ConnectionInputError) as refused:
                await create_connection(session, world.deps, world.alice, new)
        assert refused.value.field == "base_url"
        assert "not allowed" in refused.value.message
        await world.allow("127.0.0.1")

        async with world.sessions() as session:
            view = await create_connection(session, world.deps, world.alice, new)
        assert view.base_url == sim.base_url
        assert view.deployment == "unknown"
        assert TOKEN not in repr(view)

        async with world.sessions() as session:
            result = await run_connection_test(session, world.deps, world.alice, view.id)
        assert result.ok, result.error
        assert result.deployment == "cloud"
        assert result.version
        assert result.user_display_name
        assert result.user_account_id
        assert (await stored(world, view.id)).deployment == "cloud"

        async with world.sessions() as session:
            fields = await fields_dictionary(session, world.deps, world.alice, view.id)
        by_id = {field.id: field for field in fields}
        assert by_id["summary"].schema_type == "string" and not by_id["summary"].custom
        assert any(field.custom and field.id.startswith("customfield_") for field in fields)
        assert [field.name.casefold() for field in fields] == sorted(field.name.casefold() for field in fields)

        before = await stored(world, view.id)
        async with world.sessions() as session:
            renamed = await update_connection(
                session, world.deps, world.alice, view.id, ConnectionChanges(name="Renamed", rate_cap_rps=5)
            )
        after = await stored(world, view.id)
        assert (renamed.name, renamed.rate_cap_rps) == ("Renamed", 5.0)
        # An omitted token keeps the stored credential byte for byte.
        assert (after.credential_ciphertext, after.credential_nonce) == (
            before.credential_ciphertext, before.credential_nonce,
        )

        async with world.sessions() as session:
            await update_connection(session, world.deps, world.alice, view.id, ConnectionChanges(token="wrong-token"))
        assert (await stored(world, view.id)).credential_ciphertext != before.credential_ciphertext
        async with world.sessions() as session:
            failed = await run_connection_test(session, world.deps, world.alice, view.id)
        assert not failed.ok
        assert failed.error_status == 401
        assert failed.error and "wrong-token" not in failed.error

        async with world.sessions() as session:
            with pytest.raises(ConnectionInputError) as moved:
                await update_connection(
                    session, world.deps, world.alice, view.id, ConnectionChanges(base_url="https://acme.atlassian.net")
                )
        assert moved.value.field == "token"

        async with world.sessions() as session:
            await update_connection(session, world.deps, world.alice, view.id, ConnectionChanges(token=TOKEN))
            assert (await run_connection_test(session, world.deps, world.alice, view.id)).ok

        async with world.sessions() as session:
            await delete_connection(session, world.alice, view.id)
            with pytest.raises(ConnectionNotFound):
                await get_connection(session, world.alice, view.id)
            actions = (await session.execute(
                select(AuditEntry.action).where(AuditEntry.target_id == str(view.id)).order_by(AuditEntry.id)
            )).scalars().all()
        assert actions == ["connection.created", *["connection.updated"] * 3, "connection.deleted"]


async def test_a_server_connection_with_a_personal_access_token(pg_url: str) -> None:
    config = SimConfig(mode="server", issues=20, seed=3, token=PAT, user="robot", password="pw-robot")
    async with run_simulator(config) as sim, connection_world(pg_url) as world:
        await world.allow("127.0.0.0/8")
        async with world.sessions() as session:
            view = await create_connection(
                session, world.deps, world.alice,
                NewConnection(name="DC", base_url=sim.base_url, auth_kind="bearer", token=PAT, deployment="server"),
            )
            result = await run_connection_test(session, world.deps, world.alice, view.id)
            fields = await fields_dictionary(session, world.deps, world.alice, view.id)
        assert result.ok, result.error
        assert result.deployment == "server"
        assert result.user_name
        assert any(field.id == "summary" for field in fields)


async def test_members_see_only_their_own_connections_and_admins_see_all(pg_url: str) -> None:
    async with run_simulator(cloud_sim()) as sim, connection_world(pg_url) as world:
        await world.allow("127.0.0.1")
        new = NewConnection(
            name="Alice's", base_url=sim.base_url, auth_kind="basic", username="robot@example.com", token=TOKEN
        )
        async with world.sessions() as session:
            view = await create_connection(session, world.deps, world.alice, new)
            assert [c.id for c in await list_connections(session, world.alice)] == [view.id]
            assert await list_connections(session, world.bob) == []
            assert [c.id for c in await list_connections(session, world.admin)] == [view.id]
            assert (await get_connection(session, world.admin, view.id)).owner_id == world.alice.user_id
            for attempt in (
                get_connection(session, world.bob, view.id),
                update_connection(session, world.deps, world.bob, view.id, ConnectionChanges(name="mine")),
                run_connection_test(session, world.deps, world.bob, view.id),
                fields_dictionary(session, world.deps, world.bob, view.id),
                delete_connection(session, world.bob, view.id),
                get_connection(session, world.alice, uuid.uuid4()),
            ):
                with pytest.raises(ConnectionNotFound):
                    await attempt
            assert (await get_connection(session, world.alice, view.id)).name == "Alice's"


async def test_the_embedded_mode_database_sqlite_works_the_same(sqlite_url: str) -> None:
    async with run_simulator(cloud_sim()) as sim, connection_world(sqlite_url) as world:
        await world.allow("127.0.0.1")
        new = NewConnection(
            name="Embedded", base_url=sim.base_url, auth_kind="basic", username="robot@example.com", token=TOKEN
        )
        async with world.sessions() as session:
            view = await create_connection(session, world.deps, world.alice, new)
            assert (await run_connection_test(session, world.deps, world.alice, view.id)).ok
            await update_connection(session, world.deps, world.alice, view.id, ConnectionChanges(token=TOKEN))
            assert [c.id for c in await list_connections(session, world.alice)] == [view.id]
        report = await rotate_connection_keys(world.sessions, world.deps.cipher)
        assert (report.rotated, report.already_current) == (0, 1)
        async with world.sessions() as session:
            await delete_connection(session, world.alice, view.id)
            assert await list_connections(session, world.admin) == []

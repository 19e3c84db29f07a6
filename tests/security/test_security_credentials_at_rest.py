"""S6: Jira credentials at rest — no plaintext in a database dump, a ciphertext moved to another row fails."""

import asyncio
import base64
import os
from urllib.parse import urlsplit

import pytest
from connection_harness import connection_world, new_secret_key
from sqlalchemy import select, update

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.connections import (
    ConnectionChanges,
    NewConnection,
    create_connection,
    fields_dictionary,
    rotate_connection_keys,
    run_connection_test,
    update_connection,
)
from jiraex_shared.db.connections import Connection
from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError, key_id_for
from jiraex_shared.settings import load_settings

pytestmark = pytest.mark.integration

TOKEN_A = "ATATT3xFfGF0-alice-" + os.urandom(8).hex()
TOKEN_B = "ATATT3xFfGF0-bobby-" + os.urandom(8).hex()
TOKEN_NEW = "ATATT3xFfGF0-newer-" + os.urandom(8).hex()


async def pg_dump(database_url: str) -> bytes:
    parts = urlsplit(database_url)
    dsn = parts._replace(scheme="postgresql").geturl()
    process = await asyncio.create_subprocess_exec(
        "pg_dump", "--no-owner", dsn, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    return out


def encodings(token: str) -> list[bytes]:
    """The token as it could appear in a dump: raw, hex (bytea), base64, UTF-16."""
    raw = token.encode()
    return [raw, raw.hex().encode(), base64.b64encode(raw), token.encode("utf-16-le")]


async def test_no_plaintext_token_in_a_database_dump_or_the_logs(pg_url: str, capsys: pytest.CaptureFixture) -> None:
    sim_config = SimConfig(mode="cloud", issues=5, token=TOKEN_A, email="alice@example.com")
    async with run_simulator(sim_config) as sim, connection_world(pg_url) as world:
        await world.allow("127.0.0.1")
        async with world.sessions() as session:
            a = await create_connection(session, world.deps, world.alice, NewConnection(
                name="A", base_url=sim.base_url, auth_kind="basic", username="alice@example.com", token=TOKEN_A,
            ))
            b = await create_connection(session, world.deps, world.bob, NewConnection(
                name="B", base_url=sim.base_url, auth_kind="bearer", token=TOKEN_B,
            ))
            assert (await run_connection_test(session, world.deps, world.alice, a.id)).ok
            await fields_dictionary(session, world.deps, world.alice, a.id)
            await run_connection_test(session, world.deps, world.bob, b.id)  # refused by Jira: logs its error
            await update_connection(session, world.deps, world.bob, b.id, ConnectionChanges(token=TOKEN_NEW))
        dump = await pg_dump(pg_url)
        assert b"COPY public.connections" in dump  # the dump really holds the table
        for token in (TOKEN_A, TOKEN_B, TOKEN_NEW):
            for form in encodings(token):
                assert form not in dump, f"a credential appears in the dump as {form[:12]!r}…"
        logged = capsys.readouterr()
        for token in (TOKEN_A, TOKEN_B, TOKEN_NEW):
            assert token not in logged.out + logged.err


async def test_a_ciphertext_moved_to_another_row_does_not_open(pg_url: str) -> None:
    sim_config = SimConfig(mode="cloud", issues=5, token=TOKEN_A, email="alice@example.com")
    async with run_simulator(sim_config) as sim, connection_world(pg_url) as world:
        await world.allow("127.0.0.1")
        new = NewConnection(name="A", base_url=sim.base_url, auth_kind="basic", username="alice@example.com",
                            token=TOKEN_A)
        async with world.sessions() as session:
            a = await create_connection(session, world.deps, world.alice, new)
            # Mallory (bob) has his own connection to the same site and write access to the database.
            b = await create_connection(session, world.deps, world.bob, NewConnection(
                name="B", base_url=sim.base_url, auth_kind="basic", username="alice@example.com", token="not-it",
            ))
        async with world.sessions() as session, session.begin():
            source = (await session.execute(select(Connection).where(Connection.id == a.id))).scalar_one()
            await session.execute(update(Connection).where(Connection.id == b.id).values(
                credential_ciphertext=source.credential_ciphertext, credential_nonce=source.credential_nonce,
                credential_key_id=source.credential_key_id,
            ))
        async with world.sessions() as session:
            moved = (await session.execute(select(Connection).where(Connection.id == b.id))).scalar_one()
            with pytest.raises(CredentialError, match="it was altered or belongs to another row"):
                world.deps.cipher.decrypt(
                    moved.credential_ciphertext, moved.credential_nonce, moved.credential_key_id, row_id=str(b.id)
                )
            result = await run_connection_test(session, world.deps, world.bob, b.id)
            assert not result.ok
            assert result.error and "belongs to another row" in result.error
            assert (await run_connection_test(session, world.deps, world.alice, a.id)).ok
        # Bob's test never reached Jira with Alice's credential: only her own test authenticated as her.
        # serverInfo and myself of Alice's own test are the only requests Jira saw at all.
        assert sim.stats()["by_credential"] == {"alice@example.com": 2}
        assert sim.stats()["requests_total"] == 2


async def test_rotation_leaves_no_row_on_the_old_key(pg_url: str) -> None:
    old_key, new_key = new_secret_key(), new_secret_key()
    settings = load_settings({"JIRA_EXTRACTOR_SECRET_KEY": old_key, "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "10.0.0.0/8"})
    async with connection_world(pg_url, settings=settings) as world:
        async with world.sessions() as session:
            for number in range(5):
                await create_connection(session, world.deps, world.alice, NewConnection(
                    name=f"dc{number}", base_url=f"https://10.0.0.{number + 1}", auth_kind="bearer", token=TOKEN_B,
                ))
        both = CredentialCipher.from_settings(load_settings({
            "JIRA_EXTRACTOR_SECRET_KEY": new_key, "JIRA_EXTRACTOR_OLD_SECRET_KEYS": old_key,
        }))
        report = await rotate_connection_keys(world.sessions, both)
        assert report.rotated == 5 and not report.unreadable
        old_id = key_id_for(base64.b64decode(old_key))
        async with world.sessions() as session:
            rows = (await session.execute(select(Connection))).scalars().all()
        assert old_id not in {row.credential_key_id for row in rows}
        old_only = CredentialCipher.from_keys(base64.b64decode(old_key))
        for row in rows:
            with pytest.raises(CredentialError, match="not configured"):
                old_only.decrypt(row.credential_ciphertext, row.credential_nonce, row.credential_key_id,
                                 row_id=str(row.id))

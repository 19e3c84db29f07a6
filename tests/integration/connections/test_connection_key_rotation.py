"""`rotate_connection_keys` and `jiraex rotate-key`: every row re-sealed, old rows readable meanwhile, idempotent."""

import base64
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from connection_harness import Caller, connection_world, new_secret_key
from sqlalchemy import select, update

from jiraex_shared.connections import NewConnection, create_connection, rotate_connection_keys
from jiraex_shared.connections.connection_crud import visible_connection
from jiraex_shared.db.connections import Connection
from jiraex_shared.security.credential_cipher import CredentialCipher, key_id_for
from jiraex_shared.settings import load_settings

pytestmark = pytest.mark.integration

JIRAEX = str(Path(sys.executable).with_name("jiraex"))


async def create_three(world, caller: Caller) -> dict[uuid.UUID, str]:
    tokens = {}
    async with world.sessions() as session:
        for number in range(3):
            token = f"token-{number}-{uuid.uuid4().hex}"
            view = await create_connection(session, world.deps, caller, NewConnection(
                name=f"c{number}", base_url=f"https://site{number}.example.com", auth_kind="bearer", token=token,
            ))
            tokens[view.id] = token
    return tokens


async def opened(world, cipher: CredentialCipher, connection_id: uuid.UUID) -> str:
    async with world.sessions() as session:
        row = await visible_connection(session, world.admin, connection_id)
        return cipher.decrypt(
            row.credential_ciphertext, row.credential_nonce, row.credential_key_id, row_id=str(row.id)
        )


class PublicResolver:
    async def resolve(self, host: str, port: int) -> list:
        import ipaddress

        return [ipaddress.ip_address("93.184.215.14")]


async def test_rotation_reseals_every_row_and_a_second_run_changes_nothing(pg_url: str) -> None:
    old_key = new_secret_key()
    async with connection_world(
        pg_url, settings=load_settings({"JIRA_EXTRACTOR_SECRET_KEY": old_key}), resolver=PublicResolver()
    ) as world:
        tokens = await create_three(world, world.alice)
        new_key = new_secret_key()
        rotating = CredentialCipher.from_settings(load_settings({
            "JIRA_EXTRACTOR_SECRET_KEY": new_key, "JIRA_EXTRACTOR_OLD_SECRET_KEYS": old_key,
        }))
        # During the rotation window a process configured with both keys reads old rows.
        for connection_id, token in tokens.items():
            assert await opened(world, rotating, connection_id) == token

        report = await rotate_connection_keys(world.sessions, rotating, batch_size=2)
        assert (report.rotated, report.unreadable, report.already_current) == (3, [], 0)
        assert report.key_ids == {rotating.current_key_id: 3}

        again = await rotate_connection_keys(world.sessions, rotating, batch_size=2)
        assert (again.rotated, again.already_current) == (0, 3)

        # The old key can now be dropped: the new key alone opens every row.
        new_only = CredentialCipher.from_keys(base64.b64decode(new_key))
        for connection_id, token in tokens.items():
            assert await opened(world, new_only, connection_id) == token


async def test_a_row_no_configured_key_opens_is_reported_and_left_alone(pg_url: str) -> None:
    async with connection_world(pg_url, resolver=PublicResolver()) as world:
        tokens = await create_three(world, world.alice)
        lost = next(iter(tokens))
        async with world.sessions() as session, session.begin():
            await session.execute(update(Connection).where(Connection.id == lost).values(credential_key_id="deadbeef"))
        report = await rotate_connection_keys(world.sessions, world.deps.cipher)
        assert report.unreadable == [lost]
        assert report.rotated == 0
        assert report.key_ids == {world.deps.cipher.current_key_id: 2, "deadbeef": 1}


def jiraex(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")}
    return subprocess.run(
        [JIRAEX, *args], env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False
    )


async def test_the_cli_rotates_and_reports_counts(pg_url: str) -> None:
    old_key = new_secret_key()
    async with connection_world(
        pg_url, settings=load_settings({"JIRA_EXTRACTOR_SECRET_KEY": old_key}), resolver=PublicResolver()
    ) as world:
        tokens = await create_three(world, world.bob)
        new_key = new_secret_key()
        env = {
            "JIRA_EXTRACTOR_DATABASE_URL": pg_url, "JIRA_EXTRACTOR_SECRET_KEY": new_key,
            "JIRA_EXTRACTOR_OLD_SECRET_KEYS": old_key,
        }
        first = jiraex("rotate-key", env=env)
        assert first.returncode == 0, first.stderr
        new_id = key_id_for(base64.b64decode(new_key))
        assert f"current key {new_id}: 3 re-encrypted, 0 already current, 0 unreadable" in first.stdout
        assert key_id_for(base64.b64decode(old_key)) not in first.stdout
        second = jiraex("rotate-key", env=env)
        assert second.returncode == 0, second.stderr
        assert "0 re-encrypted, 3 already current" in second.stdout
        async with world.sessions() as session:
            assert set((await session.execute(select(Connection.credential_key_id))).scalars()) == {new_id}
        for token in tokens.values():
            assert token not in first.stdout + first.stderr + second.stdout + second.stderr

        # Without the old key configured, rows it sealed cannot be read: the command says so and fails.
        async with world.sessions() as session, session.begin():
            await session.execute(update(Connection).values(credential_key_id=key_id_for(base64.b64decode(old_key))))
        broken = jiraex("rotate-key", env={**env, "JIRA_EXTRACTOR_OLD_SECRET_KEYS": ""})
        assert broken.returncode == 1
        assert "3 unreadable" in broken.stdout


def test_the_cli_explains_a_missing_key(tmp_path: Path) -> None:
    result = jiraex("rotate-key", env={"JIRA_EXTRACTOR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "JIRA_EXTRACTOR_SECRET_KEY is not set" in result.stderr

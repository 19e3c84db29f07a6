"""load_connection: what a worker reads to call Jira, with a credential that opens only for its own row."""

import os
import uuid

import pytest
from repo_helpers import Sessions
from sqlalchemy import select

from jiraex_shared.db import Connection, User
from jiraex_shared.db.repositories import ConnectionNotFound, load_connection
from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError


async def test_a_stored_connection_loads_and_its_credential_decrypts(sessions: Sessions) -> None:
    cipher = CredentialCipher.from_keys(os.urandom(32))
    connection_id = uuid.uuid4()
    sealed = cipher.encrypt("atlassian-api-token", row_id=str(connection_id))
    async with sessions.begin() as session:
        user = User(email="owner@example.com", password_hash="$argon2id$test")
        session.add(user)
        await session.flush()
        session.add(
            Connection(
                id=connection_id, owner_id=user.id, name="acme", base_url="https://acme.atlassian.net",
                deployment="cloud", auth_kind="basic", username="ada@example.com", rate_cap_rps=5.0,
                credential_ciphertext=sealed.ciphertext, credential_nonce=sealed.nonce,
                credential_key_id=sealed.key_id,
            )
        )

    async with sessions() as session:
        row = await load_connection(session, connection_id)
        owner_id = (await session.execute(select(User.id))).scalar_one()

    assert (row.id, row.owner_id, row.base_url, row.deployment, row.auth_kind) == (
        connection_id, owner_id, "https://acme.atlassian.net", "cloud", "basic"
    )
    assert (row.username, row.rate_cap_rps, row.name) == ("ada@example.com", 5.0, "acme")
    secret = cipher.decrypt(row.credential_ciphertext, row.credential_nonce, row.credential_key_id, row_id=str(row.id))
    assert secret == "atlassian-api-token"
    with pytest.raises(CredentialError):
        cipher.decrypt(row.credential_ciphertext, row.credential_nonce, row.credential_key_id, row_id=str(owner_id))


async def test_an_unknown_connection_is_reported(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(ConnectionNotFound):
            await load_connection(session, uuid.uuid4())

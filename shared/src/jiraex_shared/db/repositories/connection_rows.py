"""The read side of Jira connections a worker needs: where the site is and its sealed credential."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.connections import Connection


class ConnectionNotFound(LookupError):
    """The job names a connection that does not exist (deleted, or a wrong id from an external publisher)."""


class ConnectionRow(NamedTuple):
    """A connection as stored; open the credential with ``CredentialCipher.decrypt(..., row_id=str(id))``."""

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    base_url: str
    deployment: str
    auth_kind: str
    username: str | None
    credential_ciphertext: bytes
    credential_nonce: bytes
    credential_key_id: str
    rate_cap_rps: float | None


async def load_connection(session: AsyncSession, connection_id: uuid.UUID) -> ConnectionRow:
    columns = [getattr(Connection, field) for field in ConnectionRow._fields]
    row = (await session.execute(select(*columns).where(Connection.id == connection_id))).first()
    if row is None:
        raise ConnectionNotFound(f"no connection {connection_id}")
    return ConnectionRow(*row)

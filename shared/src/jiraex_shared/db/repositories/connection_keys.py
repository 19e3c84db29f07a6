"""The SQL of key rotation: rows sealed with an old key, re-sealed one batch at a time."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.connections import Connection
from jiraex_shared.db.repositories.connection_rows import ConnectionRow


async def connections_sealed_with_other_keys(
    session: AsyncSession, current_key_id: str, *, after: uuid.UUID | None, limit: int
) -> list[ConnectionRow]:
    """Up to ``limit`` rows not sealed with ``current_key_id``, in id order after ``after``.

    Locked for the transaction (PostgreSQL; SQLite has one writer anyway) and SKIP LOCKED, so a user editing
    a connection is not blocked: that edit re-seals the row with the current key itself.
    """
    columns = [getattr(Connection, field) for field in ConnectionRow._fields]
    query = (
        select(*columns)
        .where(Connection.credential_key_id != current_key_id)
        .order_by(Connection.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if after is not None:
        query = query.where(Connection.id > after)
    return [ConnectionRow(*row) for row in (await session.execute(query)).all()]


async def reseal_connection(
    session: AsyncSession, connection_id: uuid.UUID, *, old_key_id: str, ciphertext: bytes, nonce: bytes, key_id: str
) -> bool:
    """Store the re-sealed credential if the row still holds what was read; False when it changed meanwhile."""
    result = await session.execute(
        update(Connection)
        .where(Connection.id == connection_id, Connection.credential_key_id == old_key_id)
        .values(credential_ciphertext=ciphertext, credential_nonce=nonce, credential_key_id=key_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def key_id_counts(session: AsyncSession) -> dict[str, int]:
    """How many connections each key id seals; a retired key may be dropped once it is absent here."""
    query = select(Connection.credential_key_id, func.count()).group_by(Connection.credential_key_id)
    return {key_id: count for key_id, count in (await session.execute(query)).all()}

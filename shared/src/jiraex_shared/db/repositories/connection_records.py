"""The SQL of connection CRUD; every query is scoped to an owner unless the caller may see all."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.audit import AuditEntry
from jiraex_shared.db.connections import Connection


async def find_connection(
    session: AsyncSession, connection_id: uuid.UUID, *, owner_id: uuid.UUID | None
) -> Connection | None:
    """The row when it exists and belongs to ``owner_id`` (None: any owner, for admins), else None.

    A foreign row and a missing row look the same, so ids of other users' connections cannot be probed.
    """
    query = select(Connection).where(Connection.id == connection_id)
    if owner_id is not None:
        query = query.where(Connection.owner_id == owner_id)
    return (await session.execute(query)).scalar_one_or_none()


async def list_connections(session: AsyncSession, *, owner_id: uuid.UUID | None) -> Sequence[Connection]:
    """Connections of ``owner_id`` (None: everyone's), by name then creation."""
    query = select(Connection).order_by(Connection.name, Connection.created_at, Connection.id)
    if owner_id is not None:
        query = query.where(Connection.owner_id == owner_id)
    return (await session.execute(query)).scalars().all()


async def add_connection(session: AsyncSession, connection: Connection) -> None:
    session.add(connection)
    await session.flush()


async def delete_connection(session: AsyncSession, connection: Connection) -> None:
    """Delete the row; its schedules and attachment blobs cascade, its jobs keep a null connection."""
    await session.delete(connection)
    await session.flush()


async def audit_connection_change(
    session: AsyncSession, *, actor_id: uuid.UUID, action: str, connection_id: uuid.UUID, details: dict[str, Any]
) -> None:
    """Append the audit entry of a create, update or delete; ``details`` never carries the credential."""
    session.add(AuditEntry(
        actor_id=actor_id, action=action, target_type="connection", target_id=str(connection_id), details=details,
    ))

"""What callers see of a connection: every field except the credential and how it is sealed."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec

from jiraex_shared.db.connections import Connection


class ConnectionView(msgspec.Struct, frozen=True, kw_only=True):
    """A connection without its secret. There is deliberately no field that could hold the token, its
    ciphertext, nonce or key id, so no serializer can leak them by accident."""

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    base_url: str
    deployment: str
    auth_kind: str
    username: str | None
    rate_cap_rps: float | None
    created_at: datetime
    updated_at: datetime


def view_of(connection: Connection) -> ConnectionView:
    return ConnectionView(
        id=connection.id, owner_id=connection.owner_id, name=connection.name, base_url=connection.base_url,
        deployment=connection.deployment, auth_kind=connection.auth_kind, username=connection.username,
        rate_cap_rps=connection.rate_cap_rps, created_at=connection.created_at, updated_at=connection.updated_at,
    )

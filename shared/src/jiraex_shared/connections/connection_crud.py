"""Create, list, read, change and delete connections; the credential goes in sealed and never comes out."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.connections.base_url import validate_base_url
from jiraex_shared.connections.connection_errors import ConnectionInputError, ConnectionNotFound
from jiraex_shared.connections.connection_input import (
    ConnectionChanges,
    NewConnection,
    check_auth,
    check_deployment,
    check_name,
    check_rate_cap,
    check_token,
)
from jiraex_shared.connections.connection_views import ConnectionView, view_of
from jiraex_shared.connections.egress_config import load_egress_policy
from jiraex_shared.connections.service_deps import ConnectionDeps, Viewer, scope_of
from jiraex_shared.connections.site_check import check_site_allowed
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.repositories import connection_records
from jiraex_shared.log import get_logger

log = get_logger(__name__)


async def create_connection(
    session: AsyncSession, deps: ConnectionDeps, viewer: Viewer, new: NewConnection
) -> ConnectionView:
    """Validate every field, check the site against the egress policy, seal the token bound to the new id."""
    name = check_name(new.name)
    base_url = validate_base_url(new.base_url)
    username = check_auth(new.auth_kind, new.username, base_url)
    token = check_token(new.token)
    deployment = check_deployment(new.deployment)
    rate_cap = check_rate_cap(new.rate_cap_rps)
    await check_site_allowed(base_url, await load_egress_policy(session, deps.settings), deps.resolver)
    connection_id = uuid.uuid4()
    sealed = deps.cipher.encrypt(token, row_id=str(connection_id))
    connection = Connection(
        id=connection_id, owner_id=viewer.user_id, name=name, base_url=base_url, deployment=deployment,
        auth_kind=new.auth_kind, username=username, credential_ciphertext=sealed.ciphertext,
        credential_nonce=sealed.nonce, credential_key_id=sealed.key_id, rate_cap_rps=rate_cap,
    )
    await connection_records.add_connection(session, connection)
    await connection_records.audit_connection_change(
        session, actor_id=viewer.user_id, action="connection.created", connection_id=connection_id,
        details={"name": name, "base_url": base_url},
    )
    await session.commit()
    log.info("connection_created", connection_id=str(connection_id), owner_id=str(viewer.user_id))
    return view_of(connection)


async def list_connections(session: AsyncSession, viewer: Viewer) -> list[ConnectionView]:
    rows = await connection_records.list_connections(session, owner_id=scope_of(viewer))
    return [view_of(row) for row in rows]


async def get_connection(session: AsyncSession, viewer: Viewer, connection_id: uuid.UUID) -> ConnectionView:
    return view_of(await visible_connection(session, viewer, connection_id))


async def update_connection(
    session: AsyncSession, deps: ConnectionDeps, viewer: Viewer, connection_id: uuid.UUID, changes: ConnectionChanges
) -> ConnectionView:
    """Apply the given fields. A new token is sealed afresh; an omitted one stays as stored, except that
    moving the connection to another site needs the token again: a stored credential is only ever sent to
    the site it was entered for (otherwise whoever may edit the row could redirect someone's token)."""
    connection = await visible_connection(session, viewer, connection_id)
    changed: list[str] = []
    if changes.name is not None:
        connection.name = check_name(changes.name)
        changed.append("name")
    base_url = connection.base_url
    if changes.base_url is not None:
        base_url = validate_base_url(changes.base_url)
        if _origin(base_url) != _origin(connection.base_url) and changes.token is None:
            raise ConnectionInputError("token", "enter the token again when the connection moves to another site")
        await check_site_allowed(base_url, await load_egress_policy(session, deps.settings), deps.resolver)
    auth_kind = changes.auth_kind if changes.auth_kind is not None else connection.auth_kind
    username = changes.username if changes.username is not None else connection.username
    if changes.auth_kind is not None or changes.username is not None or base_url != connection.base_url:
        connection.username = check_auth(auth_kind, username, base_url)
        connection.auth_kind = auth_kind
        changed += ["auth"]
    if base_url != connection.base_url:
        connection.base_url = base_url
        # Another site may be another deployment; the next test detects it unless the caller says.
        connection.deployment = "unknown"
        changed.append("base_url")
    if changes.deployment is not None:
        connection.deployment = check_deployment(changes.deployment)
        changed.append("deployment")
    if changes.clear_rate_cap:
        connection.rate_cap_rps = None
        changed.append("rate_cap_rps")
    elif changes.rate_cap_rps is not None:
        connection.rate_cap_rps = check_rate_cap(changes.rate_cap_rps)
        changed.append("rate_cap_rps")
    if changes.token is not None:
        sealed = deps.cipher.encrypt(check_token(changes.token), row_id=str(connection.id))
        connection.credential_ciphertext, connection.credential_nonce, connection.credential_key_id = sealed
        changed.append("token")
    await connection_records.audit_connection_change(
        session, actor_id=viewer.user_id, action="connection.updated", connection_id=connection.id,
        details={"fields": changed},
    )
    await session.commit()
    await session.refresh(connection)
    log.info("connection_updated", connection_id=str(connection.id), fields=changed, by=str(viewer.user_id))
    return view_of(connection)


async def delete_connection(session: AsyncSession, viewer: Viewer, connection_id: uuid.UUID) -> None:
    connection = await visible_connection(session, viewer, connection_id)
    await connection_records.delete_connection(session, connection)
    await connection_records.audit_connection_change(
        session, actor_id=viewer.user_id, action="connection.deleted", connection_id=connection_id,
        details={"name": connection.name},
    )
    await session.commit()
    log.info("connection_deleted", connection_id=str(connection_id), by=str(viewer.user_id))


async def visible_connection(session: AsyncSession, viewer: Viewer, connection_id: uuid.UUID) -> Connection:
    """The row if the viewer may see it; ConnectionNotFound for missing and foreign rows alike."""
    connection = await connection_records.find_connection(session, connection_id, owner_id=scope_of(viewer))
    if connection is None:
        raise ConnectionNotFound(f"no connection {connection_id}")
    return connection


def _origin(url: str) -> tuple[str, str, int | None]:
    parsed = httpx.URL(url)
    return parsed.scheme, parsed.host, parsed.port

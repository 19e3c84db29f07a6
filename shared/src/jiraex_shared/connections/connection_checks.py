"""Talk to a connection's Jira for the user: the connection test and the fields dictionary of the field picker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.connections.client_factory import open_connection_client
from jiraex_shared.connections.connection_crud import visible_connection
from jiraex_shared.connections.egress_config import load_egress_policy
from jiraex_shared.connections.egress_policy import EgressPolicy
from jiraex_shared.connections.guarded_http import create_guarded_http_client
from jiraex_shared.connections.service_deps import ConnectionDeps, Viewer
from jiraex_shared.db.repositories.connection_rows import ConnectionRow
from jiraex_shared.jira import JiraClient, JiraError, JiraPermanentError
from jiraex_shared.log import get_logger
from jiraex_shared.security.credential_cipher import CredentialError

log = get_logger(__name__)


class ConnectionTestResult(msgspec.Struct, frozen=True, kw_only=True):
    """``ok`` with what the site is and who the credential signs in as, or Jira's own error text."""

    ok: bool
    deployment: str | None = None
    version: str | None = None
    server_title: str | None = None
    user_display_name: str | None = None
    # Cloud identifies users by accountId, Server/DC by name (username) and key.
    user_account_id: str | None = None
    user_name: str | None = None
    error: str | None = None
    error_status: int | None = None


class FieldEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One field for the picker: ``schema_type`` is Jira's ``schema.type`` (None for a few system fields)."""

    id: str
    name: str
    custom: bool
    schema_type: str | None = None
    items_type: str | None = None
    custom_type: str | None = None


async def run_connection_test(
    session: AsyncSession, deps: ConnectionDeps, viewer: Viewer, connection_id: uuid.UUID
) -> ConnectionTestResult:
    """The connection test (``POST /connections/{id}/test``): serverInfo, then myself.

    A failure is a result, not an exception: the user reads Jira's own message. (Not named ``test_…`` so
    that pytest never collects it when a test module imports it.)

    A detected deployment is stored on the connection, so workers know it without asking again.
    """
    row, policy = await _load(session, deps, viewer, connection_id)
    try:
        async with _jira(row, deps, policy) as client:
            info = await client.server_info()
            me = await client.myself()
    except JiraError as error:
        log.info("connection_test_failed", connection_id=str(connection_id), status=error.status)
        return ConnectionTestResult(ok=False, error=error.message, error_status=error.status)
    except CredentialError as error:  # a key was dropped before the rotation finished, or the row was altered
        log.warning("connection_credential_unreadable", connection_id=str(connection_id))
        return ConnectionTestResult(ok=False, error=f"the stored credential cannot be opened: {error}")
    if row.deployment != info.deployment:
        connection = await visible_connection(session, viewer, connection_id)
        connection.deployment = info.deployment
        await session.commit()
    return ConnectionTestResult(
        ok=True, deployment=info.deployment, version=info.version, server_title=info.server_title,
        user_display_name=_text(me.get("displayName")), user_account_id=_text(me.get("accountId")),
        user_name=_text(me.get("name")),
    )


async def fields_dictionary(
    session: AsyncSession, deps: ConnectionDeps, viewer: Viewer, connection_id: uuid.UUID
) -> list[FieldEntry]:
    """Every field the credential can see, sorted by name; JiraError (with Jira's message) when that fails."""
    row, policy = await _load(session, deps, viewer, connection_id)
    async with _jira(row, deps, policy) as client:
        fields = await client.fields()
    entries = [entry for entry in map(_field_entry, fields) if entry is not None]
    return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.id))


async def _load(
    session: AsyncSession, deps: ConnectionDeps, viewer: Viewer, connection_id: uuid.UUID
) -> tuple[ConnectionRow, EgressPolicy]:
    connection = await visible_connection(session, viewer, connection_id)
    row = ConnectionRow(*(getattr(connection, field) for field in ConnectionRow._fields))
    policy = await load_egress_policy(session, deps.settings)
    # No transaction stays open while Jira answers (that can take the whole timeout).
    await session.rollback()
    return row, policy


@asynccontextmanager
async def _jira(row: ConnectionRow, deps: ConnectionDeps, policy: EgressPolicy) -> AsyncIterator[JiraClient]:
    async with create_guarded_http_client(policy, resolver=deps.resolver, timeout=deps.jira_timeout) as http:
        try:
            client = await open_connection_client(
                row, cipher=deps.cipher, http=http, governor=deps.governor,
                request_timeout=deps.jira_timeout, max_attempts=deps.jira_attempts,
            )
        except ValueError as error:  # a row written before today's URL rules, or by hand
            raise JiraPermanentError(f"the stored base URL cannot be used: {error}") from None
        yield client


def _field_entry(field: Any) -> FieldEntry | None:
    if not isinstance(field, dict) or not isinstance(field.get("id"), str):
        return None
    schema = field.get("schema")
    if not isinstance(schema, dict):
        schema = {}
    return FieldEntry(
        id=field["id"], name=_text(field.get("name")) or field["id"], custom=field.get("custom") is True,
        schema_type=_text(schema.get("type")), items_type=_text(schema.get("items")),
        custom_type=_text(schema.get("custom")),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None

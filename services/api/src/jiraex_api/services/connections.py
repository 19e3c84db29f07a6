"""Connections for the HTTP layer: the shared connection service with its failures in the API's terms."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.schemas.connections import ConnectionCreate, ConnectionOut, ConnectionPatch
from jiraex_api.services.connection_deps import require_connection_deps
from jiraex_api.services.errors import InvalidField, NotFound
from jiraex_api.services.export_preflight import JiraUnavailable
from jiraex_api.services.principal import Principal
from jiraex_shared import connections as service
from jiraex_shared.connections import (
    ConnectionChanges,
    ConnectionDeps,
    ConnectionInputError,
    ConnectionNotFound,
    ConnectionTestResult,
    FieldEntry,
    NewConnection,
)
from jiraex_shared.jira import JiraError
from jiraex_shared.security.credential_cipher import CredentialError
from jiraex_shared.settings import Settings

# The service's field names where the API's differ.
API_FIELD_NAMES = {"auth_kind": "auth_type"}


@contextmanager
def _api_errors() -> Iterator[None]:
    """The service's refusals as the API's: missing and foreign rows alike 404, a bad field 422 naming it."""
    try:
        yield
    except ConnectionNotFound as error:
        raise NotFound(str(error)) from None
    except ConnectionInputError as error:
        raise InvalidField(API_FIELD_NAMES.get(error.field, error.field), error.message) from None


def _login(data: ConnectionCreate | ConnectionPatch) -> str | None:
    """§10 names it ``email`` (Cloud); Server users have a user name instead. Either one, not two different."""
    if data.email is not None and data.username is not None and data.email != data.username:
        raise InvalidField("email", "give the e-mail (Cloud) or the username (Server), not both")
    return data.username if data.username is not None else data.email


async def _deps_for(
    session: AsyncSession, settings: Settings, caller: Principal, connection_id: uuid.UUID
) -> ConnectionDeps:
    """A missing or foreign connection is a 404 before a missing secret key is a 503."""
    with _api_errors():
        await service.get_connection(session, caller, connection_id)
    return require_connection_deps(settings)


async def list_connections(session: AsyncSession, caller: Principal) -> list[ConnectionOut]:
    with _api_errors():
        return [ConnectionOut.of(view) for view in await service.list_connections(session, caller)]


async def get_connection(session: AsyncSession, caller: Principal, connection_id: uuid.UUID) -> ConnectionOut:
    with _api_errors():
        return ConnectionOut.of(await service.get_connection(session, caller, connection_id))


async def create_connection(
    session: AsyncSession, settings: Settings, caller: Principal, data: ConnectionCreate
) -> ConnectionOut:
    deps = require_connection_deps(settings)
    new = NewConnection(
        name=data.name, base_url=data.base_url, auth_kind=data.auth_type, token=data.token, username=_login(data),
        deployment=data.deployment, rate_cap_rps=data.rate_cap_rps,
    )
    with _api_errors():
        return ConnectionOut.of(await service.create_connection(session, deps, caller, new))


async def update_connection(
    session: AsyncSession, settings: Settings, caller: Principal, connection_id: uuid.UUID, data: ConnectionPatch
) -> ConnectionOut:
    deps = await _deps_for(session, settings, caller, connection_id)
    changes = ConnectionChanges(
        name=data.name, base_url=data.base_url, auth_kind=data.auth_type, token=data.token, username=_login(data),
        deployment=data.deployment, rate_cap_rps=data.rate_cap_rps, clear_rate_cap=data.clear_rate_cap,
    )
    with _api_errors():
        return ConnectionOut.of(await service.update_connection(session, deps, caller, connection_id, changes))


async def delete_connection(session: AsyncSession, caller: Principal, connection_id: uuid.UUID) -> None:
    with _api_errors():
        await service.delete_connection(session, caller, connection_id)


async def run_test(
    session: AsyncSession, settings: Settings, caller: Principal, connection_id: uuid.UUID
) -> ConnectionTestResult:
    """Jira's refusal (bad token, site refused by the egress guard, unreachable) is an answer with ok false."""
    deps = await _deps_for(session, settings, caller, connection_id)
    with _api_errors():
        return await service.run_connection_test(session, deps, caller, connection_id)


async def list_fields(
    session: AsyncSession, settings: Settings, caller: Principal, connection_id: uuid.UUID
) -> list[FieldEntry]:
    """The field picker's dictionary; a Jira that refuses or cannot be reached is a 502 with Jira's message."""
    deps = await _deps_for(session, settings, caller, connection_id)
    try:
        with _api_errors():
            return await service.fields_dictionary(session, deps, caller, connection_id)
    except JiraError as error:
        raise JiraUnavailable(f"Jira did not list the fields: {error.message}") from None
    except CredentialError:
        raise JiraUnavailable("the connection's stored credential cannot be opened; enter the token again") from None


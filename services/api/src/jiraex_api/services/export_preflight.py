"""`POST /export/preflight`: Jira's verdict on the JQL and the cost of an export, through the egress guard."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.schemas.exports import PreflightOut, PreflightRequest
from jiraex_api.services.connection_deps import connection_deps
from jiraex_api.services.errors import NotFound, ServiceError, Unavailable
from jiraex_api.services.principal import Principal
from jiraex_shared.connections.client_factory import open_connection_client
from jiraex_shared.connections.connection_crud import visible_connection
from jiraex_shared.connections.connection_errors import ConnectionNotFound
from jiraex_shared.connections.egress_config import load_egress_policy
from jiraex_shared.connections.guarded_http import create_guarded_http_client
from jiraex_shared.db.repositories.connection_rows import ConnectionRow
from jiraex_shared.jira import JiraError
from jiraex_shared.pipeline.preflight import preflight
from jiraex_shared.security.credential_cipher import CredentialError
from jiraex_shared.settings import Settings


class JiraUnavailable(ServiceError):
    status = 502
    title = "Bad gateway"


async def run_preflight(
    session: AsyncSession, settings: Settings, caller: Principal, request: PreflightRequest
) -> PreflightOut:
    """A JQL Jira refuses is an answer (``jql_valid`` false with Jira's message); Jira unreachable is a 502."""
    row, policy = await _load(session, settings, caller, request.connection_id)
    try:
        deps = connection_deps(settings)
    except CredentialError as error:  # JIRA_EXTRACTOR_SECRET_KEY unset: no credential can be opened
        raise Unavailable(str(error)) from None
    try:
        async with create_guarded_http_client(policy, resolver=deps.resolver, timeout=deps.jira_timeout) as http:
            client = await open_connection_client(
                row, cipher=deps.cipher, http=http, governor=deps.governor,
                request_timeout=deps.jira_timeout, max_attempts=deps.jira_attempts,
            )
            estimate = await preflight(
                client, request.jql, rate_limit=row.rate_cap_rps, concurrency=deps.settings.worker_concurrency,
                changelog=request.include.changelog,
            )
    except JiraError as error:
        if error.status == 400:
            return PreflightOut(jql_valid=False, error=error.message)
        raise JiraUnavailable(f"Jira did not answer the preflight: {error.message}") from None
    except CredentialError:
        raise JiraUnavailable("the connection's stored credential cannot be opened; enter the token again") from None
    except ValueError as error:  # a stored base URL today's rules refuse
        raise JiraUnavailable(f"the connection's base URL cannot be used: {error}") from None
    return PreflightOut(
        jql_valid=estimate.jql_valid, approximate_count=estimate.approximate_count,
        estimated_requests=estimate.estimated_requests, estimated_seconds=estimate.estimated_seconds,
        deployment=estimate.deployment, version=estimate.version,
    )


async def _load(session: AsyncSession, settings: Settings, caller: Principal, connection_id: uuid.UUID):  # type: ignore[no-untyped-def]
    try:
        connection = await visible_connection(session, caller, connection_id)
    except ConnectionNotFound:
        raise NotFound(f"no connection {connection_id}") from None
    row = ConnectionRow(*(getattr(connection, field) for field in ConnectionRow._fields))
    policy = await load_egress_policy(session, settings)
    await session.rollback()  # no transaction stays open while Jira answers
    return row, policy

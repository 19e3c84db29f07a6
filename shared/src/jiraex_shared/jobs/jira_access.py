"""A Jira client for a stored connection: its credential opened, its rate cap applied to the shared governor."""

import uuid

from jiraex_shared.db.repositories import ConnectionRow
from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.ratelimit import AdaptiveConcurrency, site_key


async def open_jira_client(deps: JobDeps, connection: ConnectionRow, stats: RequestStats) -> JiraClient:
    token = deps.cipher.decrypt(
        connection.credential_ciphertext, connection.credential_nonce, connection.credential_key_id,
        row_id=str(connection.id),
    )
    credentials = JiraCredentials(auth=connection.auth_kind, user=connection.username, token=token)  # type: ignore[arg-type]
    if connection.rate_cap_rps:
        await deps.governor.set_rate(site_key(connection.base_url), connection.rate_cap_rps)
    concurrency = deps.settings.worker_concurrency
    return JiraClient(
        connection.base_url, credentials, deps.http, governor=deps.governor, stats=stats,
        concurrency=AdaptiveConcurrency(initial=concurrency, maximum=concurrency * 2),
        deployment=connection.deployment if connection.deployment in ("cloud", "server") else None,  # type: ignore[arg-type]
    )


def parse_id(value: str, what: str) -> uuid.UUID:
    """A UUID from a message field; a malformed one is a bad request, never a crash."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidRequest(f"{what} {value!r} is not a valid id") from None


class InvalidRequest(ValueError):
    """A well-formed command that cannot be carried out (unknown connection, malformed id)."""

"""A Jira client for a stored connection: its credential opened, its rate cap applied to the shared governor."""

import uuid

from jiraex_shared.connections.client_factory import open_connection_client
from jiraex_shared.db.repositories import ConnectionRow
from jiraex_shared.jira import JiraClient, RequestStats
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.ratelimit import AdaptiveConcurrency


async def open_jira_client(deps: JobDeps, connection: ConnectionRow, stats: RequestStats) -> JiraClient:
    concurrency = deps.settings.worker_concurrency
    return await open_connection_client(
        connection, cipher=deps.cipher, http=deps.http, governor=deps.governor, stats=stats,
        concurrency=AdaptiveConcurrency(initial=concurrency, maximum=concurrency * 2),
    )


def parse_id(value: str, what: str) -> uuid.UUID:
    """A UUID from a message field; a malformed one is a bad request, never a crash."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidRequest(f"{what} {value!r} is not a valid id") from None


class InvalidRequest(ValueError):
    """A well-formed command that cannot be carried out (unknown connection, malformed id)."""

"""A JiraClient for a stored connection: its credential opened, its rate cap applied to the shared governor."""

from __future__ import annotations

import httpx

from jiraex_shared.db.repositories.connection_rows import ConnectionRow
from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats
from jiraex_shared.ratelimit import AdaptiveConcurrency, RateGovernor, site_key
from jiraex_shared.security.credential_cipher import CredentialCipher


async def open_connection_client(
    connection: ConnectionRow,
    *,
    cipher: CredentialCipher,
    http: httpx.AsyncClient,
    governor: RateGovernor,
    stats: RequestStats | None = None,
    concurrency: AdaptiveConcurrency | None = None,
    request_timeout: float = 30.0,
    max_attempts: int = 8,
) -> JiraClient:
    """The one place a stored credential becomes a client; workers and the API's test/fields calls share it.

    The plaintext token only lives inside the client's Authorization header builder (``JiraCredentials``
    hides it from repr), never in a log line or exception text.
    """
    token = cipher.decrypt(
        connection.credential_ciphertext, connection.credential_nonce, connection.credential_key_id,
        row_id=str(connection.id),
    )
    credentials = JiraCredentials(auth=connection.auth_kind, user=connection.username, token=token)  # type: ignore[arg-type]
    if connection.rate_cap_rps:
        await governor.set_rate(site_key(connection.base_url), connection.rate_cap_rps)
    return JiraClient(
        connection.base_url, credentials, http, governor=governor, stats=stats, concurrency=concurrency,
        timeout=request_timeout, max_attempts=max_attempts,
        deployment=connection.deployment if connection.deployment in ("cloud", "server") else None,  # type: ignore[arg-type]
    )

"""The httpx client every request to a Jira connection goes through: the egress guard on each new socket."""

from __future__ import annotations

import ssl

import httpcore
import httpx

from jiraex_shared.connections.egress_policy import EgressPolicy
from jiraex_shared.connections.guarded_backend import GuardedNetworkBackend
from jiraex_shared.connections.resolver import Resolver

# httpx's own defaults, spelled out because its constant is private.
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


class GuardedHTTPTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt around a GuardedNetworkBackend.

    httpx 0.28 has no public way to pass a network backend, so the pool it built is replaced by an identical
    one that has ours (tests/unit/connections check that the replacement is in place). Proxies are never
    used: a proxy from the environment would open the socket on our behalf and bypass the check.
    """

    def __init__(
        self, backend: GuardedNetworkBackend, *, ssl_context: ssl.SSLContext, limits: httpx.Limits = _LIMITS
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self.backend = backend
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def create_guarded_http_client(
    policy: EgressPolicy,
    *,
    resolver: Resolver | None = None,
    timeout: float = 30.0,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient that refuses non-public addresses not in ``policy`` and never follows redirects itself.

    The Jira client follows redirects hop by hop (same-site only with credentials; Cloud's attachment 303
    to the media host without them); each hop that needs a new connection passes the guard again. Without
    ``ssl_context`` certificates are verified as httpx does by default (certifi, or SSL_CERT_FILE/SSL_CERT_DIR
    for a Data Center behind an internal CA), against the host name of the URL.
    """
    return guarded_http_client(GuardedNetworkBackend(policy, resolver), timeout=timeout, ssl_context=ssl_context)


def guarded_http_client(
    backend: GuardedNetworkBackend, *, timeout: float = 30.0, ssl_context: ssl.SSLContext | None = None
) -> httpx.AsyncClient:
    """`create_guarded_http_client` around a backend the caller keeps, to swap its policy later
    (`egress_refresh.refreshed_policy`)."""
    context = ssl_context if ssl_context is not None else httpx.create_ssl_context()
    transport = GuardedHTTPTransport(backend, ssl_context=context)
    return httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False)

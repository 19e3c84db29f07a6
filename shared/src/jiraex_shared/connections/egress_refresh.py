"""Keep a long-lived guarded client's SSRF allow-list current while the process runs.

Workers open their Jira client once; without this an admin's edit of the allow-list (adding a Data Center host,
or removing one) reached them only after a restart. The backend checks every new socket against
``backend.policy``, so swapping that attribute is enough: sockets opened later follow the new list, pooled ones
(opened under the old list) close within httpx's keep-alive expiry.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.connections.egress_config import load_egress_policy
from jiraex_shared.connections.egress_policy import EgressPolicy
from jiraex_shared.connections.guarded_backend import GuardedNetworkBackend
from jiraex_shared.connections.guarded_http import guarded_http_client
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings

log = get_logger(__name__)
REFRESH_SECONDS = 30.0


@asynccontextmanager
async def refreshed_policy(
    backend: GuardedNetworkBackend, load: Callable[[], Awaitable[EgressPolicy]], *, every: float = REFRESH_SECONDS
) -> AsyncIterator[None]:
    """Reload the policy with ``load`` every ``every`` seconds while the context is open. A failed load (the
    database away) keeps the last policy: refusing every host would stop exports for a passing outage."""

    async def run() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                policy = await load()
            except Exception as error:  # any failure keeps the last good policy
                log.warning("egress_policy_refresh_failed", error=f"{type(error).__name__}: {error}")
                continue
            if policy != backend.policy:
                log.info("egress_policy_changed")
            backend.policy = policy

    task = asyncio.create_task(run(), name="egress-policy-refresh")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@asynccontextmanager
async def live_guarded_client(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, *, read_timeout: float,
    every: float = REFRESH_SECONDS,
) -> AsyncIterator[httpx.AsyncClient]:
    """The workers' Jira client: guarded, with the allow-list (setting + ``app_config``) reloaded while it is open.
    The database must be migrated: the first load happens here."""

    async def current() -> EgressPolicy:
        async with sessions() as session:
            return await load_egress_policy(session, settings)

    backend = GuardedNetworkBackend(await current())
    async with (
        guarded_http_client(backend, timeout=read_timeout) as client,
        refreshed_policy(backend, current, every=every),
    ):
        yield client

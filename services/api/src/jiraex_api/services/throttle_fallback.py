"""Keep throttling logins while Redis is down: fall back to this process's own counters instead of failing open."""

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from redis.exceptions import RedisError

from jiraex_api.services.login_throttle import LoginThrottle
from jiraex_shared.log import get_logger

T = TypeVar("T")
# A Redis that hangs must not hang logins: past this, the fallback answers.
PRIMARY_TIMEOUT_SECONDS = 2.0

log = get_logger(__name__)


class FallbackLoginThrottle:
    """``primary`` (Redis, shared by replicas) while it answers, else ``fallback`` (memory, per process).

    Failing closed would stop every login during a Redis outage; failing open would stop throttling. Per-process
    counters keep the limit, only less precisely (each replica counts on its own until Redis is back).
    """

    def __init__(self, primary: LoginThrottle, fallback: LoginThrottle) -> None:
        self._primary = primary
        self._fallback = fallback

    async def blocked_for(self, email: str, address: str) -> int:
        shared = await _attempt(self._primary.blocked_for(email, address))
        # The local counters also saw every failure, so they answer for the time Redis was away.
        local = await self._fallback.blocked_for(email, address)
        return local if shared is None else max(shared, local)

    async def record_failure(self, email: str, address: str) -> None:
        await self._fallback.record_failure(email, address)
        await _attempt(self._primary.record_failure(email, address))

    async def record_success(self, email: str, address: str) -> None:
        await self._fallback.record_success(email, address)
        await _attempt(self._primary.record_success(email, address))


async def _attempt(call: Awaitable[T]) -> T | None:
    try:
        async with asyncio.timeout(PRIMARY_TIMEOUT_SECONDS):
            return await call
    except (RedisError, TimeoutError) as error:
        log.warning("login_throttle_degraded", error=repr(error))
        return None

"""The Redis governor honours a pause of its own process at once, even one given while Redis was granting a token."""

import asyncio

import pytest
import redis.asyncio as aioredis

from jiraex_shared.ratelimit import RedisRateGovernor

pytestmark = pytest.mark.integration

SITE = "https://acme.atlassian.net"
PAUSE = 0.6


async def test_a_pause_given_while_a_token_was_being_granted_still_holds_the_waiter(
    redis_url: str, redis_prefix: str
) -> None:
    client = aioredis.from_url(redis_url)
    try:
        governor = RedisRateGovernor(client, prefix=redis_prefix, max_sleep=0.1)
        granting = governor.try_acquire
        paused = False

        async def token_granted_then_throttled(site: str) -> float:
            # Redis grants the token; before this task runs again, another task of the process reads a 429.
            nonlocal paused
            wait = await granting(site)
            if not paused:
                paused = True
                await governor.pause(site, PAUSE)
            return wait

        governor.try_acquire = token_granted_then_throttled  # type: ignore[method-assign]
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(governor.acquire(SITE), timeout=5)
        assert loop.time() - started >= PAUSE
    finally:
        await client.aclose()


async def test_a_pause_is_honoured_before_redis_is_asked(redis_url: str, redis_prefix: str) -> None:
    client = aioredis.from_url(redis_url)
    try:
        governor = RedisRateGovernor(client, prefix=redis_prefix, max_sleep=0.1)
        pausing = asyncio.ensure_future(governor.pause(SITE, PAUSE))  # not yet stored in Redis
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(governor.acquire(SITE), timeout=5)
        await pausing
        assert loop.time() - started >= PAUSE - 0.05
    finally:
        await client.aclose()

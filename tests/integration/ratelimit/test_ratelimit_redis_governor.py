"""The Redis rate governor against a real Redis: shared rates, atomic scripts, pauses and key lifetimes."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from jiraex_shared.ratelimit import RateGovernor, RedisRateGovernor

pytestmark = pytest.mark.integration

SITE = "https://acme.atlassian.net"
Clients = list[aioredis.Redis]


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[Clients]:
    """Eight separate connections, standing in for separate processes."""
    opened = [aioredis.from_url(redis_url) for _ in range(8)]
    yield opened
    for client in opened:
        await client.aclose()


def governors(clients: Clients, prefix: str, **options: float) -> list[RedisRateGovernor]:
    return [RedisRateGovernor(client, prefix=prefix, **options) for client in clients]


async def test_rate_set_by_one_governor_binds_the_others(clients: Clients, redis_prefix: str) -> None:
    setter, other = governors(clients[:2], redis_prefix)
    governor: RateGovernor = other
    await setter.set_rate(SITE, 2.0)
    assert await other.try_acquire(SITE) == 0.0
    assert await other.try_acquire(SITE) == pytest.approx(0.5, abs=0.05)
    await governor.set_rate(SITE, None)
    assert await setter.try_acquire(SITE) == 0.0
    assert await setter.try_acquire(SITE) == 0.0


async def test_script_hands_out_exactly_the_burst_under_concurrency(
    clients: Clients, redis_prefix: str
) -> None:
    govs = governors(clients, redis_prefix)
    await govs[0].set_rate(SITE, 0.001, burst=10)  # one new token per 1000 s: only the burst is free
    attempts = [gov.try_acquire(SITE) for gov in govs for _ in range(25)]
    waits = await asyncio.gather(*attempts)
    assert sum(1 for wait in waits if wait == 0.0) == 10
    assert all(wait > 900 for wait in waits if wait)


async def test_concurrent_acquires_never_outrun_the_rate(clients: Clients, redis_prefix: str) -> None:
    govs = governors(clients[:4], redis_prefix)
    rate, burst, per_task, tasks_per_governor = 100.0, 5, 3, 10
    await govs[0].set_rate(SITE, rate, burst=burst)

    async def worker(gov: RedisRateGovernor) -> None:
        for _ in range(per_task):
            await gov.acquire(SITE)

    started = time.perf_counter()
    await asyncio.gather(*(worker(gov) for gov in govs for _ in range(tasks_per_governor)))
    elapsed = time.perf_counter() - started
    count = len(govs) * tasks_per_governor * per_task
    # GCRA: `count` tokens need at least (count - burst) intervals, measured in Redis server time.
    floor = (count - burst) / rate
    assert elapsed >= floor * 0.98
    assert elapsed <= floor * 2.0


async def test_pause_is_seen_by_every_governor_and_only_extends(
    clients: Clients, redis_prefix: str
) -> None:
    govs = governors(clients, redis_prefix)
    await asyncio.gather(*(gov.pause(SITE, length) for gov, length in zip(govs, range(1, 9), strict=True)))
    waits = await asyncio.gather(*(gov.try_acquire(SITE) for gov in govs))
    assert all(7.5 < wait <= 8.0 for wait in waits)
    await govs[0].pause(SITE, 0)  # shorter, and below the one-second floor: changes nothing
    assert 7.5 < await govs[1].try_acquire(SITE) <= 8.0


async def test_pause_delays_waiters_of_an_unlimited_site(clients: Clients, redis_prefix: str) -> None:
    pauser, waiter = governors(clients[:2], redis_prefix, max_sleep=0.2)
    await pauser.pause(SITE, 1.0)  # zero would be raised to the one-second minimum too
    started = time.perf_counter()
    await asyncio.gather(*(waiter.acquire(SITE) for _ in range(20)))
    assert 0.95 <= time.perf_counter() - started < 1.6


async def test_every_key_expires_once_it_no_longer_matters(clients: Clients, redis_prefix: str) -> None:
    client = clients[0]
    (gov,) = governors([client], redis_prefix, idle_ttl=1.5)
    await gov.set_rate(SITE, 2.0)
    await gov.acquire(SITE)
    await gov.pause(SITE, 1.0)
    keys = {key.decode(): await client.pttl(key) async for key in client.scan_iter(match=f"{redis_prefix}*")}
    assert set(keys) == {f"{redis_prefix}rate:{{{SITE}}}:{name}" for name in ("tat", "pause", "conf")}
    ttl = {key.rsplit(":", 1)[1]: value for key, value in keys.items()}
    assert 0 < ttl["tat"] <= 500 + 1000  # the schedule's lead over now, plus a second
    assert 0 < ttl["pause"] <= 1000 + 1000
    assert 0 < ttl["conf"] <= 1500
    await asyncio.sleep(2.2)
    assert [key async for key in client.scan_iter(match=f"{redis_prefix}*")] == []


async def test_expired_rate_is_restored_by_a_governor_that_set_it(
    clients: Clients, redis_prefix: str
) -> None:
    client = clients[0]
    owner, stranger = governors(clients[:2], redis_prefix, idle_ttl=0.3)
    await owner.set_rate(SITE, 1.0)
    await asyncio.sleep(0.5)
    conf = f"{redis_prefix}rate:{{{SITE}}}:conf"
    assert await client.exists(conf) == 0
    assert await owner.try_acquire(SITE) == 0.0
    assert await client.hgetall(conf) == {b"rate": b"1.0", b"burst": b"1"}
    assert await stranger.try_acquire(SITE) == pytest.approx(1.0, abs=0.1)


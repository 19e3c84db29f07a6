"""The in-memory governor: GCRA pacing, bursts, site pauses and rate changes, on a virtual clock."""

import asyncio
import itertools
import time

import pytest
from ratelimit_virtual_clock import VirtualClock

from jiraex_shared.ratelimit import MemoryRateGovernor, RateGovernor

SITE = "https://acme.atlassian.net"


def governor(clock: VirtualClock) -> MemoryRateGovernor:
    return MemoryRateGovernor(clock=clock, sleep=clock.sleep)


async def run_acquirers(
    gov: MemoryRateGovernor, clock: VirtualClock, count: int, site: str = SITE
) -> list[float]:
    """Start `count` concurrent acquirers and return the virtual times they were granted, in order."""
    granted: list[float] = []

    async def one() -> None:
        await gov.acquire(site)
        granted.append(clock())

    tasks = [asyncio.create_task(one()) for _ in range(count)]
    await clock.advance(3600)
    assert all(task.done() for task in tasks)
    await asyncio.gather(*tasks)
    return granted


async def test_memory_governor_serves_code_written_against_the_protocol(clock: VirtualClock) -> None:
    async def paced_twice(gov: RateGovernor) -> None:
        await gov.set_rate(SITE, 2.0)
        await gov.acquire(SITE)
        await gov.acquire(SITE)

    task = asyncio.create_task(paced_twice(governor(clock)))
    await clock.advance(0.47)
    assert not task.done()
    await clock.advance(0.01)  # 0.5 s interval less the 20 ms catch-up credit of an idle site
    assert task.done()


async def test_unconfigured_site_is_unlimited(clock: VirtualClock) -> None:
    gov = governor(clock)
    for _ in range(1000):
        await gov.acquire(SITE)
    assert clock() == 0.0


async def test_concurrent_acquirers_are_spaced_by_the_interval(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 10.0)
    granted = await run_acquirers(gov, clock, 50)
    assert len(granted) == 50
    gaps = [later - earlier for earlier, later in itertools.pairwise(granted)]
    # The first request of an idle site counts as up to 20 ms late (the catch-up credit), then
    # every request follows the one before by exactly the interval.
    assert gaps[0] == pytest.approx(0.08)
    assert gaps[1:] == pytest.approx([0.1] * 48)


async def test_waiters_woken_late_keep_their_turn(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 10.0)
    await gov.acquire(SITE)
    started, granted = clock(), 0
    while granted < 100:
        wait = await gov.try_acquire(SITE)
        if wait:
            await clock.advance(wait + 0.015)  # every waiter wakes 15 ms after its time
        else:
            granted += 1
    # Lateness below the credit is not lost: the rate is kept (it would be 10/1.15 without it).
    assert granted / (clock() - started) == pytest.approx(10.0, rel=0.01)


async def test_lateness_beyond_the_credit_is_lost(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 10.0)
    await gov.acquire(SITE)
    await clock.advance(10.0)  # idle: the schedule restarts from now, no saved-up tokens
    assert await gov.try_acquire(SITE) == 0.0
    assert await gov.try_acquire(SITE) == pytest.approx(0.08)


async def test_burst_lets_that_many_go_at_once_then_paces(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 4.0, burst=5)
    granted = await run_acquirers(gov, clock, 13)
    assert granted[:5] == [0.0] * 5
    assert granted[5:] == pytest.approx([0.25 * n - 0.02 for n in range(1, 9)])


async def test_no_window_of_one_second_holds_more_than_rate_plus_burst(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 20.0, burst=3)
    granted = await run_acquirers(gov, clock, 200)
    for index, start in enumerate(granted):
        in_window = sum(1 for moment in granted[index:] if moment < start + 1.0)
        assert in_window <= 20 + 3
    assert max(sum(1 for moment in granted if start <= moment < start + 1.0) for start in granted) == 23


async def test_sites_have_separate_buckets(clock: VirtualClock) -> None:
    gov = governor(clock)
    other = "https://other.atlassian.net"
    await gov.set_rate(SITE, 1.0)
    await gov.set_rate(other, 1.0)
    await gov.acquire(SITE)
    assert await gov.try_acquire(other) == 0.0
    assert await gov.try_acquire(SITE) == pytest.approx(0.98)


async def test_pause_holds_every_waiter_until_it_ends(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 10.0)
    granted: list[float] = []

    async def one() -> None:
        await gov.acquire(SITE)
        granted.append(clock())

    tasks = [asyncio.create_task(one()) for _ in range(30)]
    await clock.advance(0.55)  # tokens at 0.0, 0.1, … 0.5 are gone
    assert len(granted) == 6
    await gov.pause(SITE, 3.0)  # paused until 3.55
    await clock.advance(3600)
    await asyncio.gather(*tasks)
    after = granted[6:]
    assert len(after) == 24
    assert min(after) >= 3.55
    # Once the pause ends the bucket paces again: no flood of everyone who waited.
    gaps = [later - earlier for earlier, later in itertools.pairwise(after)]
    assert min(gaps) >= 0.08 - 1e-9


async def test_pause_applies_to_unlimited_sites_and_is_at_least_one_second(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.pause(SITE, 0)
    assert await gov.try_acquire(SITE) == pytest.approx(1.0)
    granted = await run_acquirers(gov, clock, 5)
    assert granted == [1.0] * 5


async def test_a_shorter_pause_never_shortens_a_longer_one(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.pause(SITE, 10.0)
    await clock.advance(1.0)
    await gov.pause(SITE, 2.0)
    assert await gov.try_acquire(SITE) == pytest.approx(9.0)
    await gov.pause(SITE, 20.0)
    assert await gov.try_acquire(SITE) == pytest.approx(20.0)


async def test_raising_the_rate_while_waiting_takes_effect_within_max_sleep(clock: VirtualClock) -> None:
    gov = MemoryRateGovernor(clock=clock, sleep=clock.sleep, max_sleep=1.0)
    await gov.set_rate(SITE, 0.01)  # one request per 100 s
    await gov.acquire(SITE)
    waiter = asyncio.create_task(gov.acquire(SITE))
    await clock.advance(5.0)
    assert not waiter.done()
    await gov.set_rate(SITE, None)
    await clock.advance(1.0)
    assert waiter.done()


async def test_cancelled_waiter_does_not_block_the_queue(clock: VirtualClock) -> None:
    gov = governor(clock)
    await gov.set_rate(SITE, 1.0)
    await gov.acquire(SITE)
    first = asyncio.create_task(gov.acquire(SITE))
    second = asyncio.create_task(gov.acquire(SITE))
    await clock.settle()
    first.cancel()
    await clock.advance(1.0)
    assert second.done()
    assert first.cancelled()


@pytest.mark.parametrize(("per_second", "burst"), [(0, None), (-1.0, None), (float("nan"), None), (1.0, 0)])
async def test_bad_rates_are_refused(per_second: float, burst: int | None) -> None:
    with pytest.raises(ValueError, match=r"rate|burst"):
        await MemoryRateGovernor().set_rate(SITE, per_second, burst)


async def test_real_clock_rate_accuracy() -> None:
    """N acquires at R/s from several tasks take about (N-1)/R of real time."""
    gov = MemoryRateGovernor()
    rate, count = 200.0, 60
    await gov.set_rate(SITE, rate)
    started = time.perf_counter()
    await asyncio.gather(*(gov.acquire(SITE) for _ in range(count)))
    ratio = (time.perf_counter() - started) / ((count - 1) / rate)
    assert 0.95 <= ratio <= 1.6

"""AIMD concurrency: slots, FIFO fairness, growth on success, halving on throttle, live limit changes."""

import asyncio

import pytest
from ratelimit_virtual_clock import VirtualClock

from jiraex_shared.ratelimit import AdaptiveConcurrency


async def hold_slots(
    limiter: AdaptiveConcurrency, count: int
) -> tuple[list[asyncio.Task[None]], asyncio.Event]:
    """Start `count` tasks that take a slot and keep it until the returned event is set."""
    release = asyncio.Event()

    async def holder() -> None:
        async with limiter.slot():
            await release.wait()

    tasks = [asyncio.create_task(holder()) for _ in range(count)]
    await asyncio.sleep(0)
    return tasks, release


async def test_no_more_than_limit_run_at_once() -> None:
    limiter = AdaptiveConcurrency(initial=3, maximum=10)
    running = peak = 0

    async def work() -> None:
        nonlocal running, peak
        async with limiter.slot():
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.001)
            running -= 1

    await asyncio.gather(*(work() for _ in range(40)))
    assert peak == 3
    assert limiter.in_flight == 0


async def test_waiters_are_served_in_arrival_order() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=1)
    order: list[int] = []
    tasks, release = await hold_slots(limiter, 1)

    async def waiter(number: int) -> None:
        async with limiter.slot():
            order.append(number)
            await asyncio.sleep(0)

    waiters = []
    for number in range(10):
        waiters.append(asyncio.create_task(waiter(number)))
        await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*tasks, *waiters)
    assert order == list(range(10))


async def test_newcomer_does_not_overtake_a_waiter_when_a_slot_frees() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=1)
    tasks, release = await hold_slots(limiter, 1)
    order: list[str] = []

    async def named(name: str) -> None:
        async with limiter.slot():
            order.append(name)

    early = asyncio.create_task(named("early"))
    await asyncio.sleep(0)
    release.set()
    await asyncio.sleep(0)  # the holder leaves and hands its slot to "early"
    late = asyncio.create_task(named("late"))
    await asyncio.gather(*tasks, early, late)
    assert order == ["early", "late"]


def test_limit_grows_by_one_per_round_of_successes_up_to_maximum() -> None:
    limiter = AdaptiveConcurrency(initial=2, maximum=4)
    limits = []
    for _ in range(20):
        limiter.on_success()
        limits.append(limiter.limit)
    # 2 successes raise it to 3, 3 more to 4, then it stays at the maximum.
    assert limits[:5] == [2, 3, 3, 3, 4]
    assert limits[-1] == 4


def test_a_near_limit_warning_holds_the_limit_where_it_is() -> None:
    limiter = AdaptiveConcurrency(initial=2, maximum=8)
    limiter.on_success()
    limiter.on_near_limit()  # the round of successes starts over: no growth into 429s
    limiter.on_success()
    assert limiter.limit == 2
    for _ in range(10):
        limiter.on_near_limit()
    assert limiter.limit == 2  # and no shrinking: the warning is normal at the allowed rate
    limiter.on_success()
    limiter.on_success()
    assert limiter.limit == 3


def test_fixed_successes_per_increase() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=100, successes_per_increase=5)
    for _ in range(25):
        limiter.on_success()
    assert limiter.limit == 6


def test_throttle_halves_down_to_minimum_once_per_cooldown(clock: VirtualClock) -> None:
    limiter = AdaptiveConcurrency(initial=32, minimum=3, maximum=64, throttle_cooldown=1.0, clock=clock)
    limiter.on_throttle()
    limiter.on_throttle()  # the same storm: ignored
    assert limiter.limit == 16
    for expected in (8, 4, 3, 3):
        clock.now += 1.0
        limiter.on_throttle()
        assert limiter.limit == expected


def test_throttle_restarts_the_success_count(clock: VirtualClock) -> None:
    limiter = AdaptiveConcurrency(initial=4, maximum=10, clock=clock)
    for _ in range(3):
        limiter.on_success()
    limiter.on_throttle()
    assert limiter.limit == 2
    limiter.on_success()
    assert limiter.limit == 2
    limiter.on_success()
    assert limiter.limit == 3


async def test_raising_the_limit_admits_waiters_at_once() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=8)
    tasks, release = await hold_slots(limiter, 6)
    assert limiter.in_flight == 1
    assert limiter.waiting == 5
    limiter.limit = 4
    await asyncio.sleep(0)
    assert limiter.in_flight == 4
    assert limiter.waiting == 2
    limiter.limit = 100  # clamped to the maximum
    assert limiter.limit == 8
    await asyncio.sleep(0)
    assert limiter.in_flight == 6
    release.set()
    await asyncio.gather(*tasks)
    assert limiter.in_flight == 0


async def test_lowering_the_limit_drains_before_admitting(clock: VirtualClock) -> None:
    limiter = AdaptiveConcurrency(initial=4, maximum=8, clock=clock)
    holders, release_holders = await hold_slots(limiter, 4)
    limiter.on_throttle()
    assert limiter.limit == 2
    waiters, release_waiters = await hold_slots(limiter, 3)
    assert limiter.in_flight == 4
    release_holders.set()
    await asyncio.gather(*holders)
    await asyncio.sleep(0)
    assert limiter.in_flight == 2
    assert limiter.waiting == 1
    release_waiters.set()
    await asyncio.gather(*waiters)
    assert limiter.in_flight == 0


async def test_cancelled_waiter_gives_up_its_place() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=1)
    holders, release = await hold_slots(limiter, 1)
    entered: list[str] = []

    async def enter(name: str) -> None:
        async with limiter.slot():
            entered.append(name)

    cancelled = asyncio.create_task(enter("cancelled"))
    survivor = asyncio.create_task(enter("survivor"))
    await asyncio.sleep(0)
    assert limiter.waiting == 2
    cancelled.cancel()
    await asyncio.sleep(0)
    assert limiter.waiting == 1
    release.set()
    await asyncio.gather(*holders, survivor)
    assert entered == ["survivor"]
    assert limiter.in_flight == 0
    assert limiter.waiting == 0


async def test_slot_handed_to_a_task_cancelled_before_it_runs_passes_on() -> None:
    limiter = AdaptiveConcurrency(initial=1, maximum=1)
    holders, release = await hold_slots(limiter, 1)
    entered: list[str] = []

    async def enter(name: str) -> None:
        async with limiter.slot():
            entered.append(name)

    unlucky = asyncio.create_task(enter("unlucky"))
    next_in_line = asyncio.create_task(enter("next"))
    await asyncio.sleep(0)
    release.set()
    await asyncio.sleep(0)  # the holder leaves: "unlucky" now owns the slot but has not run
    assert (limiter.in_flight, limiter.waiting, entered) == (1, 1, [])
    unlucky.cancel()
    await asyncio.gather(*holders, next_in_line)
    assert unlucky.cancelled()
    assert entered == ["next"]
    assert limiter.in_flight == 0


@pytest.mark.parametrize(("minimum", "maximum"), [(0, 5), (6, 5)])
def test_bounds_are_checked(minimum: int, maximum: int) -> None:
    with pytest.raises(ValueError, match="minimum"):
        AdaptiveConcurrency(initial=1, minimum=minimum, maximum=maximum)


def test_initial_is_clamped_into_the_bounds() -> None:
    assert AdaptiveConcurrency(initial=50, minimum=2, maximum=10).limit == 10
    assert AdaptiveConcurrency(initial=0, minimum=2, maximum=10).limit == 2

"""Graceful shutdown bookkeeping: steps finish within the grace period or are released."""

import asyncio

import pytest

from jiraex_extractor_worker.shutdown import InFlight, Released, stop_gracefully


async def test_a_step_that_finishes_within_the_grace_period_is_not_cancelled() -> None:
    inflight = InFlight()
    step = asyncio.create_task(inflight.run(asyncio.sleep(0.05, result="done")))
    await asyncio.sleep(0)
    async with asyncio.timeout(5):
        assert await inflight.release_after(2.0) == 0
        assert await step == "done"


async def test_a_step_past_the_grace_period_is_cancelled_and_reported_released() -> None:
    inflight = InFlight()
    cleaned_up = asyncio.Event()

    async def long_step() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            cleaned_up.set()

    step = asyncio.create_task(inflight.run(long_step()))
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with asyncio.timeout(5):
        assert await inflight.release_after(0.1) == 1
        with pytest.raises(Released):
            await step
    assert loop.time() - started < 2
    assert cleaned_up.is_set()
    assert inflight.running == 0


async def test_no_work_starts_once_shutdown_began() -> None:
    inflight = InFlight()
    await inflight.release_after(1.0)
    work = asyncio.sleep(0)
    with pytest.raises(Released):
        await inflight.run(work)
    assert work.cr_frame is None  # closed, not left un-awaited


async def test_cancelling_the_caller_is_not_mistaken_for_a_release() -> None:
    inflight = InFlight()
    caller = asyncio.create_task(inflight.run(asyncio.sleep(3600)))
    await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller


async def test_stop_gracefully_stops_subscribers_while_steps_drain() -> None:
    inflight = InFlight()
    events: list[str] = []

    class Subscriber:
        async def stop(self) -> None:
            events.append("stop requested")
            await step_done.wait()  # a FastStream subscriber waits for its running handler
            events.append("stopped")

    step = asyncio.create_task(inflight.run(asyncio.sleep(3600)))
    step_done = asyncio.Event()
    step.add_done_callback(lambda _: step_done.set())
    await asyncio.sleep(0)
    async with asyncio.timeout(5):
        await stop_gracefully([Subscriber(), Subscriber()], inflight, grace=0.1)
    assert events == ["stop requested", "stop requested", "stopped", "stopped"]
    with pytest.raises(Released):
        await step

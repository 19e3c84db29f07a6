"""The retry policy: capped, jittered backoff, and a pause that shutdown cuts short."""

import asyncio

import pytest

from jiraex_shared.notify import RetryPolicy
from jiraex_shared.notify.retry import pause


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(first_delay=1.0, max_delay=8.0, hold_seconds=60)
    for failures, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)]:
        for _ in range(20):
            assert ceiling / 2 <= policy.delay(failures) <= ceiling


@pytest.mark.parametrize("kwargs", [{"first_delay": 0}, {"first_delay": 5, "max_delay": 1}, {"hold_seconds": 0}])
def test_invalid_policy_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="invalid retry policy"):
        RetryPolicy(**kwargs)


async def test_pause_runs_its_course_unless_stopping() -> None:
    stopping = asyncio.Event()
    assert await pause(0.01, stopping) is True
    waiter = asyncio.create_task(pause(30, stopping))
    await asyncio.sleep(0)
    stopping.set()
    async with asyncio.timeout(2):
        assert await waiter is False
    assert await pause(30, stopping) is False

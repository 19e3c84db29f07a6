"""Exponential backoff with full jitter: bounds, growth, cap and spread."""

import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiraex_shared.ratelimit import backoff_delay


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    base=st.floats(min_value=0.001, max_value=10.0),
    cap=st.floats(min_value=0.001, max_value=3600.0),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_delay_is_within_zero_and_the_capped_exponential(
    attempt: int, base: float, cap: float, seed: int
) -> None:
    delay = backoff_delay(attempt, base=base, cap=cap, rng=random.Random(seed))
    assert 0.0 <= delay <= min(cap, base * 2.0 ** min(attempt, 64))


def test_ceiling_doubles_per_attempt_until_the_cap() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (50, 60.0)]:
        samples = [backoff_delay(attempt, rng=rng) for _ in range(4000)]
        assert max(samples) <= ceiling
        # Full jitter is uniform on [0, ceiling]: it reaches near both ends and averages half.
        assert min(samples) < 0.01 * ceiling
        assert max(samples) > 0.99 * ceiling
        assert statistics.fmean(samples) == pytest.approx(ceiling / 2, rel=0.05)


def test_default_source_spreads_clients_apart() -> None:
    delays = {backoff_delay(5) for _ in range(100)}
    assert len(delays) > 90


@pytest.mark.parametrize(("attempt", "base", "cap"), [(-1, 0.5, 60.0), (0, 0.0, 60.0), (0, 0.5, -1.0)])
def test_bad_arguments_are_refused(attempt: int, base: float, cap: float) -> None:
    with pytest.raises(ValueError, match=r"attempt|positive"):
        backoff_delay(attempt, base=base, cap=cap)

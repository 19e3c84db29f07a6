"""Storm/blackhole windows and per-credential token buckets, on an explicit clock."""

import pytest

from jiraex_jira_sim.faults.rate_limit import TokenBuckets
from jiraex_jira_sim.faults.schedule import WindowSchedule


def test_recurring_window() -> None:
    storms = WindowSchedule(anchor=100.0, start_after=10.0, duration=3.0, every=10.0)
    assert storms.remaining(105.0) == 0.0
    assert storms.remaining(110.0) == pytest.approx(3.0)
    assert storms.remaining(112.5) == pytest.approx(0.5)
    assert storms.remaining(113.0) == 0.0
    assert storms.remaining(121.0) == pytest.approx(2.0)
    assert storms.next_start(105.0) == 110.0
    assert storms.next_start(114.0) == pytest.approx(120.0)


def test_single_window_and_disabled() -> None:
    once = WindowSchedule(anchor=0.0, start_after=0.0, duration=2.0, every=0.0)
    assert once.remaining(0.0) == 2.0
    assert once.remaining(1.5) == 0.5
    assert once.remaining(2.0) == 0.0
    assert once.remaining(50.0) == 0.0
    assert once.next_start(3.0) is None
    off = WindowSchedule(anchor=0.0, start_after=0.0, duration=0.0, every=5.0)
    assert not off.enabled
    assert off.remaining(1.0) == 0.0
    assert off.next_start(0.0) is None


def test_bucket_per_credential() -> None:
    buckets = TokenBuckets(rate=2.0, capacity=3)
    decisions = [buckets.take("a", 0.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    assert decisions[3].wait == pytest.approx(0.5)
    assert buckets.take("b", 0.0).allowed  # another credential has its own bucket
    assert not buckets.take("a", 0.4).allowed
    assert buckets.take("a", 0.5).allowed
    assert buckets.take("a", 100.0).remaining == 2  # refilled to capacity, never beyond


def test_bucket_capacity_defaults_to_rate() -> None:
    assert TokenBuckets(rate=0.5, capacity=0).capacity == 1
    assert TokenBuckets(rate=7.2, capacity=0).capacity == 8
    assert not TokenBuckets(rate=0.0, capacity=0).enabled

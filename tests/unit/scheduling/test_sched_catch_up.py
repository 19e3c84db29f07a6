"""Catch-up policies after downtime, with fixed clocks: latest runs once, none skips, all runs each (bounded)."""

from datetime import UTC, datetime, timedelta
from itertools import takewhile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiraex_shared.scheduling import MAX_CATCH_UP_RUNS, ScheduleTiming, due_runs, iter_slots, next_slot_after

GRACE = timedelta(seconds=60)
HOURLY = ScheduleTiming(cron="0 * * * *", interval_seconds=None, timezone="Europe/Berlin",
                        anchor=datetime(2026, 1, 1, tzinfo=UTC))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("policy", ["none", "latest", "all"])
def test_an_on_time_tick_launches_the_slot_under_every_policy(policy: str) -> None:
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 10, 0, 25), policy, grace=GRACE)
    assert plan.runs == (utc(2026, 5, 1, 10),)
    assert plan.next_run_at == utc(2026, 5, 1, 11)


def test_nothing_is_due_before_next_run_at() -> None:
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 9, 59), "all", grace=GRACE)
    assert plan.runs == () and plan.next_run_at == utc(2026, 5, 1, 10)


def test_latest_runs_once_for_many_missed_slots() -> None:
    # Down from 10:00 to 15:20: six slots missed; one run, planned for the most recent one.
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 15, 20), "latest", grace=GRACE)
    assert plan.runs == (utc(2026, 5, 1, 15),)
    assert plan.next_run_at == utc(2026, 5, 1, 16)


def test_none_skips_missed_slots_to_the_next_future_one() -> None:
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 15, 20), "none", grace=GRACE)
    assert plan.runs == ()
    assert plan.next_run_at == utc(2026, 5, 1, 16)
    # Within the grace window the latest slot is not "missed": a slightly late tick still launches it.
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 15, 0, 40), "none", grace=GRACE)
    assert plan.runs == (utc(2026, 5, 1, 15),)


def test_all_runs_each_missed_slot_in_order() -> None:
    plan = due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 15, 20), "all", grace=GRACE)
    assert plan.runs == tuple(utc(2026, 5, 1, hour) for hour in range(10, 16))
    assert plan.next_run_at == utc(2026, 5, 1, 16)


def test_all_is_bounded_to_the_most_recent_slots() -> None:
    every_minute = ScheduleTiming(cron="* * * * *", interval_seconds=None, timezone="UTC", anchor=utc(2026, 1, 1))
    now = utc(2026, 5, 3, 0, 0, 30)
    plan = due_runs(every_minute, utc(2026, 5, 1), now, "all", grace=GRACE)
    assert len(plan.runs) == MAX_CATCH_UP_RUNS
    assert plan.runs[-1] == utc(2026, 5, 3, 0, 0)
    assert plan.runs[0] == utc(2026, 5, 3) - timedelta(minutes=MAX_CATCH_UP_RUNS - 1)
    assert list(plan.runs) == sorted(set(plan.runs))


def test_all_over_a_dst_jump_never_plans_the_same_instant_twice() -> None:
    # New York, 2026-03-08: the skipped 02:30 lands on 03:30 EDT, which is also a slot of its own.
    half_hourly = ScheduleTiming(cron="30 * * * *", interval_seconds=None, timezone="America/New_York",
                                 anchor=utc(2026, 1, 1))
    plan = due_runs(half_hourly, utc(2026, 3, 8, 5, 30), utc(2026, 3, 8, 9, 0), "all", grace=GRACE)
    assert plan.runs == (utc(2026, 3, 8, 5, 30), utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 8, 30))


def test_an_interval_schedule_catches_up_the_same_way() -> None:
    timing = ScheduleTiming(cron=None, interval_seconds=900, timezone="UTC", anchor=utc(2026, 5, 1, 0, 5))
    plan = due_runs(timing, utc(2026, 5, 1, 1, 5), utc(2026, 5, 1, 2, 0), "all", grace=GRACE)
    assert plan.runs == (utc(2026, 5, 1, 1, 5), utc(2026, 5, 1, 1, 20), utc(2026, 5, 1, 1, 35), utc(2026, 5, 1, 1, 50))
    assert plan.next_run_at == utc(2026, 5, 1, 2, 5)
    latest = due_runs(timing, utc(2026, 5, 1, 1, 5), utc(2026, 5, 1, 2, 0), "latest", grace=GRACE)
    assert latest.runs == (utc(2026, 5, 1, 1, 50),)


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="catch-up policy"):
        due_runs(HOURLY, utc(2026, 5, 1, 10), utc(2026, 5, 1, 11), "sometimes", grace=GRACE)


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"]),
    expression=st.sampled_from(["*/10 * * * *", "30 * * * *", "30 2 * * *", "0 1-3 * * *"]),
    start=st.sampled_from([utc(2026, 3, 8, 4), utc(2026, 3, 28, 22), utc(2026, 10, 24, 22), utc(2026, 10, 31, 23),
                           utc(2026, 4, 4, 12)]),
    down_minutes=st.integers(min_value=0, max_value=12 * 60),
)
def test_all_launches_exactly_the_forward_slots_and_latest_the_last_of_them(
    zone: str, expression: str, start: datetime, down_minutes: int
) -> None:
    timing = ScheduleTiming(cron=expression, interval_seconds=None, timezone=zone, anchor=utc(2026, 1, 1))
    next_run_at = next_slot_after(timing, start)
    now = start + timedelta(minutes=down_minutes, seconds=13)
    if next_run_at > now:
        return
    forward = list(takewhile(lambda slot: slot <= now, iter_slots(timing, next_run_at - timedelta(microseconds=1))))
    everything = due_runs(timing, next_run_at, now, "all", grace=GRACE)
    assert everything.runs == tuple(forward[-MAX_CATCH_UP_RUNS:])
    assert everything.next_run_at == next_slot_after(timing, now)
    assert due_runs(timing, next_run_at, now, "latest", grace=GRACE).runs == (forward[-1],)

"""Slot computation with fixed clocks: cron in local wall time across DST, fixed intervals, validation."""

from datetime import UTC, datetime, timedelta
from itertools import islice, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiraex_shared.scheduling import (
    InvalidSchedule,
    ScheduleTiming,
    iter_slots,
    iter_slots_backward,
    latest_slot_at_or_before,
    next_slot_after,
)

ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)


def cron(expression: str, zone: str) -> ScheduleTiming:
    return ScheduleTiming(cron=expression, interval_seconds=None, timezone=zone, anchor=ANCHOR)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def slots_between(timing: ScheduleTiming, start: datetime, end: datetime) -> list[datetime]:
    found = []
    for slot in iter_slots(timing, start):
        if slot > end:
            return found
        found.append(slot)
    raise AssertionError("unreachable")


def test_a_daily_run_in_a_skipped_hour_runs_once_that_day_new_york() -> None:
    # 2026-03-08: New York skips 02:00-03:00 EST→EDT. 02:30 does not exist; it runs once, at 03:30 EDT.
    timing = cron("30 2 * * *", "America/New_York")
    slots = slots_between(timing, utc(2026, 3, 6, 12), utc(2026, 3, 9, 12))
    assert slots == [
        utc(2026, 3, 7, 7, 30),  # 02:30 EST
        utc(2026, 3, 8, 7, 30),  # "02:30" moved forward by the gap: 03:30 EDT
        utc(2026, 3, 9, 6, 30),  # 02:30 EDT
    ]


def test_a_run_in_the_repeated_hour_runs_once_new_york() -> None:
    # 2026-11-01: New York repeats 01:00-02:00 (EDT then EST). 01:30 runs at its first occurrence only.
    timing = cron("30 1 * * *", "America/New_York")
    slots = slots_between(timing, utc(2026, 10, 31, 0), utc(2026, 11, 2, 12))
    assert slots == [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]
    # Asked from inside the second pass of the repeated hour (01:40 EST), the day's run is already over.
    assert next_slot_after(timing, utc(2026, 11, 1, 6, 40)) == utc(2026, 11, 2, 6, 30)


def test_hourly_runs_follow_real_hours_through_both_berlin_transitions() -> None:
    timing = cron("30 * * * *", "Europe/Berlin")
    # 2026-03-29: Berlin jumps 02:00 CET → 03:00 CEST; the day has 23 hours, so 23 distinct runs.
    spring = slots_between(timing, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0))
    assert len(spring) == len(set(spring)) == 23
    assert all(b - a == timedelta(hours=1) for a, b in pairwise(spring))
    # 2026-10-25: Berlin repeats 02:00-03:00; the repeated 02:30 does not run twice: 24 runs, one 2-hour gap.
    autumn = slots_between(timing, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0))
    assert len(autumn) == len(set(autumn)) == 24
    gaps = [b - a for a, b in pairwise(autumn)]
    assert gaps.count(timedelta(hours=2)) == 1
    assert utc(2026, 10, 25, 0, 30) in autumn  # 02:30 CEST, the first occurrence
    assert utc(2026, 10, 25, 1, 30) not in autumn  # 02:30 CET, the repeat


def test_a_daily_berlin_run_in_the_skipped_hour() -> None:
    timing = cron("30 2 * * *", "Europe/Berlin")
    assert slots_between(timing, utc(2026, 3, 28, 12), utc(2026, 3, 30, 12)) == [
        utc(2026, 3, 29, 1, 30),  # "02:30" CET moved forward: 03:30 CEST
        utc(2026, 3, 30, 0, 30),  # 02:30 CEST
    ]


def test_backward_iteration_matches_forward_iteration_across_transitions() -> None:
    for zone, start in (("America/New_York", utc(2026, 3, 7)), ("Europe/Berlin", utc(2026, 10, 24))):
        timing = cron("*/20 * * * *", zone)
        forward = slots_between(timing, start, start + timedelta(days=2))
        backward = list(islice(iter_slots_backward(timing, forward[-1]), len(forward)))
        assert backward == forward[::-1]


def test_a_slot_exactly_now_is_the_latest() -> None:
    timing = cron("0 9 * * 1-5", "Europe/Berlin")
    monday_nine = utc(2026, 6, 1, 7, 0)
    assert latest_slot_at_or_before(timing, monday_nine) == monday_nine
    assert latest_slot_at_or_before(timing, monday_nine - timedelta(seconds=1)) == utc(2026, 5, 29, 7, 0)
    assert next_slot_after(timing, monday_nine) == utc(2026, 6, 2, 7, 0)


def test_interval_slots_count_elapsed_time_from_the_anchor() -> None:
    timing = ScheduleTiming(
        cron=None, interval_seconds=3600, timezone="America/New_York", anchor=utc(2026, 3, 8, 0, 10)
    )
    # A DST jump changes nothing: an interval is elapsed time.
    assert list(islice(iter_slots(timing, utc(2026, 3, 8, 6, 10)), 3)) == [
        utc(2026, 3, 8, 7, 10), utc(2026, 3, 8, 8, 10), utc(2026, 3, 8, 9, 10),
    ]
    assert latest_slot_at_or_before(timing, utc(2026, 3, 8, 9, 9)) == utc(2026, 3, 8, 8, 10)
    assert latest_slot_at_or_before(timing, utc(2026, 3, 8, 0, 0)) is None
    assert next_slot_after(timing, utc(2026, 3, 7)) == utc(2026, 3, 8, 0, 10)


@pytest.mark.parametrize(
    ("expression", "interval", "zone", "message"),
    [
        ("61 * * * *", None, "UTC", "not a cron expression"),
        ("0 0 * * * *", None, "UTC", "five fields"),
        ("@reboot", None, "UTC", "not a cron expression"),
        ("0 0 31 2 *", None, "UTC", "never fires"),
        ("0 0 * * *", None, "Mars/Olympus", "unknown time zone"),
        (None, 0, "UTC", "positive"),
        (None, None, "UTC", "exactly one"),
        ("0 0 * * *", 60, "UTC", "exactly one"),
    ],
)
def test_unusable_timings_are_refused_with_a_clear_message(
    expression: str | None, interval: int | None, zone: str, message: str
) -> None:
    with pytest.raises(InvalidSchedule, match=message):
        ScheduleTiming(cron=expression, interval_seconds=interval, timezone=zone, anchor=ANCHOR)


def test_macros_are_accepted() -> None:
    timing = cron("@daily", "Europe/Berlin")
    assert next_slot_after(timing, utc(2026, 7, 1, 12)) == utc(2026, 7, 1, 22, 0)


def test_the_latest_slot_seen_from_the_second_pass_of_a_repeated_hour() -> None:
    # Berlin, 2026-10-25 01:40 UTC is 02:40 CET, the second pass of 02:00-03:00; the first pass (CEST) ran
    # every minute up to 02:59 CEST = 00:59 UTC, and the second pass runs nothing.
    timing = cron("* * * * *", "Europe/Berlin")
    assert latest_slot_at_or_before(timing, utc(2026, 10, 25, 1, 40)) == utc(2026, 10, 25, 0, 59)
    assert next_slot_after(timing, utc(2026, 10, 25, 1, 40)) == utc(2026, 10, 25, 2, 0)


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
    expression=st.sampled_from(["* * * * *", "*/7 * * * *", "30 * * * *", "30 2 * * *", "15 1,2,3 * * 0"]),
    offset_minutes=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
    transition=st.sampled_from([utc(2026, 3, 8, 7), utc(2026, 3, 29, 1), utc(2026, 10, 25, 1), utc(2026, 11, 1, 6),
                                utc(2026, 4, 4, 15), utc(2026, 10, 3, 15)]),
)
def test_forward_and_backward_slots_agree_around_transitions(
    zone: str, expression: str, offset_minutes: int, transition: datetime
) -> None:
    timing = cron(expression, zone)
    moment = transition + timedelta(minutes=offset_minutes, seconds=17)
    following = next_slot_after(timing, moment)
    assert following > moment
    assert latest_slot_at_or_before(timing, following) == following
    latest = latest_slot_at_or_before(timing, moment)
    assert latest is not None and latest <= moment
    assert next_slot_after(timing, latest) == following, "no slot lies strictly between the latest and the next"

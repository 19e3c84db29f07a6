"""Counting runs into a schedule: planned order, stop at a live run, what succeeds, fails and pauses."""

from datetime import UTC, datetime, timedelta

from jiraex_shared.scheduling import FinishedRun, RunTally, count_runs, pause_reason

T0 = datetime(2026, 5, 1, tzinfo=UTC)
EMPTY = RunTally(counted_until=None, consecutive_failures=0, last_success_started_at=None)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def test_failures_accumulate_and_a_success_resets_them_and_moves_the_cutoff() -> None:
    tally = count_runs(EMPTY, [FinishedRun(at(1), "failed", "boom"), FinishedRun(at(2), "failed", "bang")])
    assert tally == RunTally(counted_until=at(2), consecutive_failures=2, last_success_started_at=None,
                             last_error="bang")
    tally = count_runs(tally, [FinishedRun(at(3), "succeeded")])
    assert (tally.consecutive_failures, tally.last_success_started_at, tally.counted_until) == (0, at(3), at(3))


def test_counting_stops_at_the_first_live_run() -> None:
    runs = [FinishedRun(at(1), "failed", "x"), FinishedRun(at(2), "running"), FinishedRun(at(3), "failed", "y")]
    tally = count_runs(EMPTY, runs)
    assert tally.counted_until == at(1) and tally.consecutive_failures == 1


def test_warnings_end_a_streak_without_moving_the_incremental_cutoff() -> None:
    start = RunTally(counted_until=at(0), consecutive_failures=3, last_success_started_at=at(0))
    tally = count_runs(start, [FinishedRun(at(1), "succeeded_with_warnings")])
    assert (tally.consecutive_failures, tally.last_success_started_at, tally.counted_until) == (0, at(0), at(1))


def test_a_cancelled_run_changes_nothing_but_is_counted() -> None:
    start = RunTally(counted_until=None, consecutive_failures=2, last_success_started_at=None)
    tally = count_runs(start, [FinishedRun(at(1), "cancelled")])
    assert (tally.consecutive_failures, tally.counted_until) == (2, at(1))


def test_pause_when_the_streak_reaches_the_limit() -> None:
    tally = RunTally(counted_until=at(4), consecutive_failures=4, last_success_started_at=None, last_error="JQL bad")
    assert pause_reason(tally, 5) is None
    assert pause_reason(tally, 4) == "paused after 4 failed runs in a row; last error: JQL bad"

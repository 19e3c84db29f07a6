"""The worker-scaling verdicts: throughput ratios against one worker and each second's excess over the cap."""

import pytest
from scaling_verdicts import cpu_share, judge_seconds, scaling_met, sharing_verdict, speedups


def test_each_worker_count_is_divided_by_the_one_worker_throughput() -> None:
    ratios = speedups({4: 90.0, 1: 30.0, 2: 57.0})
    assert list(ratios) == [1, 2, 4]
    assert ratios == pytest.approx({1: 1.0, 2: 1.9, 4: 3.0})
    assert scaling_met(ratios)  # exactly 3× meets "≥ 3×"
    assert not scaling_met(speedups({1: 30.0, 4: 89.9}))


def test_the_ratio_needs_a_positive_one_worker_run() -> None:
    with pytest.raises(ValueError, match="one-worker run"):
        speedups({2: 10.0, 4: 20.0})
    with pytest.raises(ValueError, match="positive"):
        speedups({1: 0.0, 4: 20.0})
    assert not scaling_met({1: 1.0, 2: 1.9})  # no four-worker run: not met


def test_a_second_may_hold_the_limit_plus_five_percent_and_no_more() -> None:
    verdict = judge_seconds([(0, 12), (1, 40), (2, 42), (3, 41), (4, 7)], 40.0)
    assert verdict.allowed == pytest.approx(42.0)
    assert verdict.met
    assert (verdict.peak, verdict.peak_second) == (42, 2)
    assert verdict.worst_excess == pytest.approx(0.05)

    over = judge_seconds([(0, 40), (1, 43), (2, 50), (3, 39)], 40.0)
    assert not over.met
    assert over.seconds_over == [(1, 43), (2, 50)]
    assert over.worst_excess == pytest.approx(0.25)


def test_the_busy_window_runs_from_the_first_to_the_last_second_with_requests() -> None:
    # Unsorted input and an empty second inside the window: the mean counts the gap as a second.
    verdict = judge_seconds([(7, 30), (3, 0), (5, 30), (4, 20)], 40.0)
    assert verdict.busy_seconds == 4  # seconds 4..7
    assert verdict.mean_rate == pytest.approx(80 / 4)
    assert verdict.peak_second == 5  # the earlier of two equal peaks


def test_no_requests_is_judged_without_dividing_by_zero() -> None:
    verdict = judge_seconds([], 40.0)
    assert verdict.met and verdict.peak == 0 and verdict.mean_rate == 0.0
    with pytest.raises(ValueError, match="positive"):
        judge_seconds([(0, 1)], 0)


def test_cpu_share_is_cpu_seconds_over_wall_time_times_cores() -> None:
    assert cpu_share(30.0, 20.0, 2) == pytest.approx(0.75)
    with pytest.raises(ValueError, match="must be positive"):
        cpu_share(1.0, 0.0, 2)


def test_a_cap_proves_sharing_only_when_the_uncapped_control_went_over_it() -> None:
    control_over = judge_seconds([(0, 30), (1, 55)], 40.0)
    control_under = judge_seconds([(0, 30), (1, 41)], 40.0)
    held = judge_seconds([(0, 40), (1, 42)], 40.0)
    broken = judge_seconds([(0, 40), (1, 43)], 40.0)
    assert sharing_verdict(control_over, held) == "met"
    assert sharing_verdict(control_under, held) == "inconclusive"
    assert sharing_verdict(control_over, broken) == "missed"
    assert sharing_verdict(control_under, broken) == "missed"

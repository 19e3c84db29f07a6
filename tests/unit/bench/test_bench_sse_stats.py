"""SSE fan-out arithmetic: nearest-rank percentiles, latencies from send/receive times, delivery, verdicts."""

import pytest
from sse_stats import Delivery, LatencySummary, by_tenth, delivery, latencies_ms, percentile, verdicts


def test_percentile_is_nearest_rank_on_unsorted_values() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 99) == 5.0
    assert percentile(values, 0) == 1.0
    assert percentile(list(range(1, 101)), 99) == 99


def test_percentile_refuses_no_values_and_out_of_range_ranks() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="outside"):
        percentile([1.0], 101)


def test_latency_is_receive_minus_send_for_every_receipt_of_a_sent_id() -> None:
    sent = {"1-0": 100.0, "2-0": 100.1}
    receipts = [{"1-0": [100.002, 100.010], "2-0": [100.105]}, {"1-0": [100.050], "9-0": [200.0]}]
    assert sorted(latencies_ms(sent, receipts)) == pytest.approx([2.0, 5.0, 10.0, 50.0])


def test_percentiles_by_tenth_follow_the_sending_order() -> None:
    order = [f"{n}-0" for n in range(20)]
    sent = {entry_id: float(n) for n, entry_id in enumerate(order)}
    # Each event arrives n ms late: the series rises as the run goes on.
    receipts = [{entry_id: [n + n / 1000] for n, entry_id in enumerate(order)}]
    assert by_tenth(sent, order, receipts) == pytest.approx([0, 2, 4, 6, 8, 10, 12, 14, 16, 18])
    assert by_tenth(sent, order, receipts, q=99) == pytest.approx([1, 3, 5, 7, 9, 11, 13, 15, 17, 19])


def test_delivery_counts_each_client_at_most_the_expected_events() -> None:
    result = delivery([10, 10, 7, 12], [True, False, True, True], expected_per_client=10)
    assert result == Delivery(clients=4, expected_per_client=10, delivered=37, complete_clients=2, terminal_clients=3)
    assert result.ratio == pytest.approx(37 / 40)
    with pytest.raises(ValueError, match="one count"):
        delivery([1], [True, True], expected_per_client=1)


def test_verdicts_need_every_event_a_p99_within_100_ms_and_redis_connections_within_the_bound() -> None:
    everything = delivery([5, 5], [True, True], expected_per_client=5)
    fast = LatencySummary(samples=10, p50_ms=3.0, p99_ms=100.0, max_ms=120.0)
    assert verdicts(everything, fast, redis_bound=9, redis_full=9) == {
        "all_delivered": True, "p99_within_100ms": True, "redis_connections_independent_of_clients": True,
    }
    one_short = delivery([5, 4], [True, True], expected_per_client=5)
    slow = LatencySummary(samples=10, p50_ms=3.0, p99_ms=100.5, max_ms=120.0)
    assert verdicts(one_short, slow, redis_bound=9, redis_full=10) == {
        "all_delivered": False, "p99_within_100ms": False, "redis_connections_independent_of_clients": False,
    }

"""Counters: per endpoint and status, per second, concurrency, early retries, reset."""

from jiraex_jira_sim.retry_ledger import RetryLedger, RetryVerdict
from jiraex_jira_sim.stats import SimStats


def test_counts_and_histogram() -> None:
    now = [1000.0]
    stats = SimStats(clock=lambda: now[0])
    for _ in range(3):
        stats.started()
    assert stats.peak_concurrency == 3
    stats.finished(endpoint="GET /a", status=200, outcome="ok", received_at=1000.2, credential="c", body_bytes=10)
    stats.finished(endpoint="GET /a", status=429, outcome="ok", received_at=1001.5, credential="c", body_bytes=5)
    stats.finished(endpoint="GET /b", status=None, outcome="reset", received_at=1001.7, credential=None, body_bytes=0)
    stats.retry_verdict("c", RetryVerdict(within=True, early=True, same_connection=True))
    stats.retry_verdict("c", RetryVerdict(within=True, early=False, same_connection=False))
    snapshot = stats.snapshot()
    assert snapshot["by_endpoint"] == {"GET /a": {"200": 1, "429": 1}, "GET /b": {"reset": 1}}
    assert snapshot["per_second"] == [{"second": 0, "requests": 1, "429": 0}, {"second": 1, "requests": 2, "429": 1}]
    assert snapshot["early_retries"] == 1
    assert snapshot["early_retries_same_connection"] == 1
    assert snapshot["arrivals_within_retry_after"] == 2
    assert snapshot["in_flight"] == 0
    assert snapshot["body_bytes"] == 15
    stats.started()
    now[0] = 2000.0
    stats.reset()
    assert stats.snapshot()["requests_total"] == 0
    assert stats.peak_concurrency == 1
    stats.finished(endpoint="GET /a", status=200, outcome="ok", received_at=1999.0, credential="c", body_bytes=1)
    assert stats.snapshot()["requests_total"] == 0  # it arrived before the reset


def test_retry_ledger_spares_requests_already_in_flight() -> None:
    ledger = RetryLedger()
    ledger.told_to_wait("c", until=11.0, connection=1, at=10.0)
    grace = 0.25
    # Same connection: sequential HTTP/1.1, so it was sent after the 429 was read.
    assert ledger.judge("c", arrived=10.01, connection=1, grace=grace) == RetryVerdict(True, True, True)
    # Another connection within the grace: probably already in flight, not blamed (but within the deadline).
    assert ledger.judge("c", arrived=10.2, connection=2, grace=grace) == RetryVerdict(True, False, False)
    # Another connection after the grace, before the deadline: early.
    assert ledger.judge("c", arrived=10.5, connection=2, grace=grace) == RetryVerdict(True, True, False)
    # At or after the deadline, or another credential: on time.
    assert ledger.judge("c", arrived=11.0, connection=1, grace=grace) == RetryVerdict(False, False, False)
    assert ledger.judge("d", arrived=10.5, connection=1, grace=grace) == RetryVerdict(False, False, False)


def test_retry_ledger_keeps_the_longest_wait_per_connection() -> None:
    ledger = RetryLedger()
    ledger.told_to_wait("c", until=20.0, connection=1, at=10.0)
    ledger.told_to_wait("c", until=12.0, connection=1, at=11.0)  # never shortens a wait already given
    assert ledger.judge("c", arrived=15.0, connection=1, grace=0.0).early
    ledger.told_to_wait("c", until=30.0, connection=3, at=25.0)  # prunes events whose deadline passed
    assert not ledger.judge("c", arrived=25.1, connection=2, grace=0.25).early

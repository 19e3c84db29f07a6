"""Request counters behind ``/__sim/stats``: per endpoint and status, concurrency, early retries, per second."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from jiraex_jira_sim.retry_ledger import RetryVerdict


class SimStats:
    """Counters since start or the last reset. Everything runs on the event loop: no locks needed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # In-flight requests survive a reset: they are still being answered.
        self.in_flight = 0
        self.reset()

    def reset(self) -> None:
        self._started = self._clock()
        self._started_wall = time.time()
        self.by_endpoint: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.by_status: Counter[str] = Counter()
        self.by_credential: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.early_retries = 0
        self.early_same_connection = 0
        self.within_retry_after = 0
        self.early_by_credential: Counter[str] = Counter()
        self.per_second: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.peak_concurrency = self.in_flight
        self.body_bytes = 0
        self.requests_total = 0

    def started(self) -> None:
        self.in_flight += 1
        if self.in_flight > self.peak_concurrency:
            self.peak_concurrency = self.in_flight

    def retry_verdict(self, credential: str, verdict: RetryVerdict) -> None:
        if verdict.within:
            self.within_retry_after += 1
        if verdict.early:
            self.early_retries += 1
            self.early_by_credential[credential] += 1
            if verdict.same_connection:
                self.early_same_connection += 1

    def finished(
        self,
        *,
        endpoint: str,
        status: int | None,
        outcome: str,
        received_at: float,
        credential: str | None,
        body_bytes: int,
    ) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        if received_at < self._started:  # arrived before a reset: already forgotten
            return
        key = str(status) if outcome in ("ok", "truncated", "dropped") and status is not None else outcome
        self.requests_total += 1
        self.by_endpoint[endpoint][key] += 1
        self.by_status[key] += 1
        self.outcomes[outcome] += 1
        if credential is not None:
            self.by_credential[credential] += 1
        second = self.per_second[int(received_at - self._started)]
        second["requests"] += 1
        if status == 429 and key == "429":
            second["429"] += 1
        if outcome == "ok":
            self.body_bytes += body_bytes

    def snapshot(self) -> dict[str, Any]:
        seconds = sorted(self.per_second)
        return {
            "started_at": self._started_wall,
            "uptime_s": round(self._clock() - self._started, 3),
            "requests_total": self.requests_total,
            "by_endpoint": {name: dict(counts) for name, counts in sorted(self.by_endpoint.items())},
            "by_status": dict(self.by_status),
            "by_credential": dict(self.by_credential),
            "outcomes": dict(self.outcomes),
            "early_retries": self.early_retries,
            "early_retries_same_connection": self.early_same_connection,
            "early_retries_by_credential": dict(self.early_by_credential),
            "arrivals_within_retry_after": self.within_retry_after,
            "in_flight": self.in_flight,
            "peak_concurrency": self.peak_concurrency,
            "body_bytes": self.body_bytes,
            "per_second": [
                {"second": s, "requests": self.per_second[s]["requests"], "429": self.per_second[s]["429"]}
                for s in seconds
            ],
        }

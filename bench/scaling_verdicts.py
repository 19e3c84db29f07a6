"""The worker-scaling verdicts: throughput ratio to one worker, and each second's excess over a shared rate cap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SPEEDUP_TARGET = 3.0  # 4 workers against 1 (issue 5)
EXCESS_TOLERANCE = 0.05  # no second may hold more than the limit + 5 %


def speedups(issues_per_s: Mapping[int, float]) -> dict[int, float]:
    """Throughput of each worker count divided by that of one worker."""
    if 1 not in issues_per_s:
        raise ValueError("the ratio needs a one-worker run")
    baseline = issues_per_s[1]
    if baseline <= 0:
        raise ValueError(f"one worker's throughput must be positive, not {baseline!r}")
    return {workers: rate / baseline for workers, rate in sorted(issues_per_s.items())}


def scaling_met(ratios: Mapping[int, float], *, workers: int = 4, target: float = SPEEDUP_TARGET) -> bool:
    return ratios.get(workers, 0.0) >= target


@dataclass(frozen=True)
class SecondsVerdict:
    """The simulator's per-second histogram judged against a requests/s limit."""

    limit: float
    allowed: float  # the most one second may hold: limit × (1 + tolerance)
    peak: int
    peak_second: int | None
    seconds_over: list[tuple[int, int]]  # (second, requests) above `allowed`
    busy_seconds: int  # seconds from the first to the last that saw a request
    mean_rate: float  # requests / busy_seconds

    @property
    def met(self) -> bool:
        return not self.seconds_over

    @property
    def worst_excess(self) -> float:
        """How far the busiest second went over the limit, as a fraction (negative: under it)."""
        return self.peak / self.limit - 1


def judge_seconds(
    per_second: Sequence[tuple[int, int]], limit: float, tolerance: float = EXCESS_TOLERANCE
) -> SecondsVerdict:
    """`per_second` is (second since the stats reset, requests that arrived in it), as `/__sim/stats` bins them."""
    if limit <= 0:
        raise ValueError(f"the limit must be positive, not {limit!r}")
    allowed = limit * (1 + tolerance)
    busy = sorted((second, count) for second, count in per_second if count > 0)
    if not busy:
        return SecondsVerdict(limit, allowed, 0, None, [], 0, 0.0)
    peak_second, peak = max(busy, key=lambda item: (item[1], -item[0]))
    span = busy[-1][0] - busy[0][0] + 1
    return SecondsVerdict(
        limit=limit, allowed=allowed, peak=peak, peak_second=peak_second,
        seconds_over=[(second, count) for second, count in busy if count > allowed],
        busy_seconds=span, mean_rate=sum(count for _, count in busy) / span,
    )


def sharing_verdict(control: SecondsVerdict, capped: SecondsVerdict) -> str:
    """"met" when the capped run kept every second within the limit while the uncapped control went over it;
    "inconclusive" when the control stayed within it too (a cap nobody reached proves nothing); else "missed"."""
    if not capped.met:
        return "missed"
    return "inconclusive" if control.met else "met"


def cpu_share(cpu_seconds: float, wall_seconds: float, cores: int) -> float:
    """The fraction of the machine's cores that `cpu_seconds` kept busy over `wall_seconds`."""
    if wall_seconds <= 0 or cores < 1:
        raise ValueError("wall time and cores must be positive")
    return cpu_seconds / (wall_seconds * cores)

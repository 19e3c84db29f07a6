"""The SSE fan-out arithmetic: delivery ratio, latency percentiles from send and receive times, and the verdicts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

P99_TARGET_MS = 100.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of unsorted ``values``; the smallest value q% of them reach."""
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latencies_ms(sent: Mapping[str, float], receipts: Iterable[Mapping[str, Sequence[float]]]) -> list[float]:
    """Receive time − send time of every receipt of a sent stream id (ids not sent here, e.g. none, are skipped)."""
    out = []
    for report in receipts:
        for entry_id, times in report.items():
            at = sent.get(entry_id)
            if at is not None:
                out.extend((time - at) * 1000 for time in times)
    return out


def by_tenth(sent: Mapping[str, float], order: Sequence[str], receipts: Iterable[Mapping[str, Sequence[float]]],
             q: float = 50) -> list[float]:
    """The q-th percentile latency (ms) of each tenth of the events, in sending order: a rising series means
    falling behind, a single high tenth a stall."""
    reports = list(receipts)
    tenths = []
    for part in range(10):
        ids = order[len(order) * part // 10:len(order) * (part + 1) // 10]
        values = latencies_ms({entry_id: sent[entry_id] for entry_id in ids}, reports)
        if values:
            tenths.append(percentile(values, q))
    return tenths


@dataclass(frozen=True)
class Delivery:
    clients: int
    expected_per_client: int
    delivered: int  # progress events received, over all clients (at most expected per client counted)
    complete_clients: int  # clients that got every progress event and the terminal one
    terminal_clients: int

    @property
    def ratio(self) -> float:
        wanted = self.clients * self.expected_per_client
        return self.delivered / wanted if wanted else 1.0


def delivery(progressed: Sequence[int], terminal: Sequence[bool], expected_per_client: int) -> Delivery:
    if len(progressed) != len(terminal):
        raise ValueError("one count and one terminal flag per client")
    complete = sum(1 for count, ended in zip(progressed, terminal, strict=True)
                   if count >= expected_per_client and ended)
    return Delivery(
        clients=len(progressed), expected_per_client=expected_per_client,
        delivered=sum(min(count, expected_per_client) for count in progressed), complete_clients=complete,
        terminal_clients=sum(terminal),
    )


@dataclass(frozen=True)
class LatencySummary:
    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float


def summarize_latency(values: Sequence[float]) -> LatencySummary:
    return LatencySummary(len(values), percentile(values, 50), percentile(values, 99), max(values))


def verdicts(full: Delivery, latency: LatencySummary, redis_bound: int, redis_full: int) -> dict[str, bool]:
    """The issue's targets: all delivered, p99 ≤ 100 ms, and API Redis connections independent of the clients: the
    peak the API held with N clients stays within its bound (command pool + one reader per watched job), which
    does not grow with N."""
    return {
        "all_delivered": full.complete_clients == full.clients and full.ratio == 1.0,
        "p99_within_100ms": latency.p99_ms <= P99_TARGET_MS,
        "redis_connections_independent_of_clients": redis_full <= redis_bound,
    }


def gc_pauses(log_text: str, window: tuple[float, float]) -> dict[str, dict[str, float]]:
    """Collections per generation inside ``window`` from a gc_probe log: count, total and longest pause (ms)."""
    out: dict[str, dict[str, float]] = {}
    for line in log_text.splitlines():
        at, generation, pause = line.split()
        if not window[0] <= float(at) <= window[1]:
            continue
        tally = out.setdefault(f"gen{generation}", {"count": 0, "total_ms": 0.0, "max_ms": 0.0})
        tally["count"] += 1
        tally["total_ms"] = round(tally["total_ms"] + float(pause), 2)
        tally["max_ms"] = max(tally["max_ms"], float(pause))
    return out

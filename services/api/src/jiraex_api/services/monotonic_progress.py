"""Monotonic progress for SSE clients: chunks report concurrently, so totals can arrive out of order."""

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobProgressed

_COUNTERS = ("chunks_done", "requests", "retries", "rate_limit_waits", "rate_limit_wait_seconds")


def max_counts(a: ExportCounts, b: ExportCounts) -> ExportCounts:
    return ExportCounts(**{name: max(getattr(a, name), getattr(b, name)) for name in ExportCounts.__struct_fields__})


class ProgressHighWater:
    """Keeps the highest value of every counter a client was shown; a lower, late total is raised to it.

    Each chunk's worker publishes the job's totals as it saw them after its own commit; two chunks finishing
    together can append their events in the opposite order, so a raw stream may show a total going down.
    """

    def __init__(self, counts: ExportCounts | None = None) -> None:
        self._counts = counts or ExportCounts()
        self._figures: dict[str, float] = {}
        self._chunks_total: int | None = None

    def seen(self, counts: ExportCounts) -> None:
        self._counts = max_counts(self._counts, counts)

    def raise_to_high_water(self, event: JobProgressed) -> JobProgressed:
        self._counts = max_counts(self._counts, event.counts)
        figures = {name: max(getattr(event, name), self._figures.get(name, 0)) for name in _COUNTERS}
        self._figures = figures
        if event.chunks_total is not None:
            self._chunks_total = max(event.chunks_total, self._chunks_total or 0)
        return msgspec.structs.replace(event, counts=self._counts, chunks_total=self._chunks_total, **figures)

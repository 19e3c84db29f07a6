"""Request latency by route template and status class: a histogram fed by an ASGI middleware."""

import bisect
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from jiraex_api.metrics.exposition import Family, Sample, format_value

METRIC = "jiraex_http_request_duration_seconds"
# Seconds; Prometheus' defaults, which cover a cached read (ms) to a slow Jira preflight (s).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class _Series:
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: float = 0.0
    count: int = 0


class RequestHistogram:
    """Per (method, route template, status class); templates, never raw paths, so the series stay few."""

    def __init__(self) -> None:
        self._series: dict[tuple[str, str, str], _Series] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        series = self._series.setdefault((method, route, f"{status // 100}xx"), _Series())
        index = bisect.bisect_left(BUCKETS, seconds)
        if index < len(BUCKETS):
            series.buckets[index] += 1
        series.total += seconds
        series.count += 1

    def family(self) -> Family:
        return Family(METRIC, "histogram", "Time until the response headers were sent, by route and status class.",
                      self._samples())

    def _samples(self) -> Iterator[Sample]:
        for (method, route, status), series in sorted(self._series.items()):
            labels = {"method": method, "route": route, "status": status}
            cumulative = 0
            for bound, hits in zip(BUCKETS, series.buckets, strict=True):
                cumulative += hits
                yield Sample(f"{METRIC}_bucket", cumulative, {**labels, "le": format_value(bound)})
            yield Sample(f"{METRIC}_bucket", series.count, {**labels, "le": "+Inf"})
            yield Sample(f"{METRIC}_sum", series.total, labels)
            yield Sample(f"{METRIC}_count", series.count, labels)


class RequestMetricsMiddleware(ASGIMiddleware):
    """Times each routed request to its first response message: an SSE stream counts until it starts, not ends."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, histogram: RequestHistogram) -> None:
        self.histogram = histogram

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        started = time.perf_counter()
        observed = False

        async def timed_send(message: Message) -> None:
            nonlocal observed
            if message["type"] == "http.response.start" and not observed:
                observed = True
                self._observe(scope, message["status"], time.perf_counter() - started)
            await send(message)

        try:
            await next_app(scope, receive, timed_send)
        finally:
            if not observed:  # failed before answering; the error handler outside answers 500
                self._observe(scope, 500, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("path_template") or "unmatched"
        self.histogram.observe(str(scope.get("method", "")), route, status, seconds)

"""Prometheus metrics of the API process: request latencies, job and queue gauges, SSE clients."""

from jiraex_api.metrics.exposition import CONTENT_TYPE, Sample, render
from jiraex_api.metrics.gauges import GaugeCache
from jiraex_api.metrics.request_histogram import RequestHistogram, RequestMetricsMiddleware

__all__ = ["CONTENT_TYPE", "GaugeCache", "RequestHistogram", "RequestMetricsMiddleware", "Sample", "render"]

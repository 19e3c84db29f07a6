"""`/metrics`: Prometheus text for scrapers; unauthenticated like the probes, and never served under `/api/`."""

from litestar import Response, get
from litestar.datastructures import State

from jiraex_api.auth.middleware import PUBLIC
from jiraex_api.deps import Deps
from jiraex_api.metrics import CONTENT_TYPE, GaugeCache, RequestHistogram, Sample, render
from jiraex_api.metrics.exposition import Family
from jiraex_api.metrics.gauges import db_families
from jiraex_api.openapi import problems

# app.state keys set by create_app; the stream hub's is set by the SSE route on first use.
REQUEST_HISTOGRAM = "request_histogram"
GAUGE_CACHE = "gauge_cache"


@get("/metrics", opt={PUBLIC: True}, tags=["ops"], media_type=CONTENT_TYPE, responses=problems())
async def metrics(state: State, deps: Deps) -> Response[str]:
    """Request latencies by route, jobs by state, queue lag, expired leases and SSE clients of this process.

    Public so Prometheus needs no credential: it holds aggregate numbers only (no ids, names or users). It lives
    at the root, not under `/api/`, so a proxy that publishes only `/api/` keeps it on the internal network.
    """
    histogram: RequestHistogram = getattr(state, REQUEST_HISTOGRAM)
    gauges: GaugeCache = getattr(state, GAUGE_CACHE)
    hub = getattr(state, "stream_hub", None)
    families = [
        histogram.family(),
        *db_families(await gauges.read(deps.sessions)),
        Family("jiraex_sse_clients", "gauge", "SSE clients connected to this process.",
               [Sample("jiraex_sse_clients", hub.total_clients if hub is not None else 0)]),
        Family("jiraex_sse_stream_readers", "gauge", "Progress-stream readers of this process (one per followed job).",
               [Sample("jiraex_sse_stream_readers", hub.readers if hub is not None else 0)]),
    ]
    return Response(render(families), media_type=CONTENT_TYPE)


metrics_routes = [metrics]

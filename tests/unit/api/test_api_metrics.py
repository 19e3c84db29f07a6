"""/metrics: Prometheus text with request latencies by route template, jobs by state, queue lag and SSE clients."""

import re

from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, sign_in

from jiraex_api.metrics import GaugeCache, RequestHistogram, Sample, render
from jiraex_api.metrics.exposition import Family
from jiraex_api.routes.job_stream import stream_hub

_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"')


def parse(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample line as ((name, labels), value); a line that is neither a comment nor a sample fails."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        match = _LINE.match(line)
        assert match, line
        labels = frozenset(_LABEL.findall(match.group(2) or ""))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


async def test_metrics_report_requests_jobs_queue_and_sse_clients(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    job = await finished_job(api, alice.user_id, connection, {"a.json": b"[]"})
    await api.client.post("/api/export", json={"connection_id": connection, "jql": "project = A"},
                          headers=alice.headers)
    for _ in range(3):
        assert (await api.client.get(f"/api/jobs/{job}", headers=alice.headers)).status_code == 200
    assert (await api.client.get("/api/jobs/00000000-0000-0000-0000-000000000000",
                                 headers=alice.headers)).status_code == 404
    hub = stream_hub(api.app.state, api.deps)
    subscriptions = [hub.subscribe(job, "0-0"), hub.subscribe(job, "0-0")]
    try:
        api.client.cookies.clear()
        response = await api.client.get("/metrics")  # no credentials: scrapers need none
    finally:
        for subscription in subscriptions:
            hub.unsubscribe(job, subscription)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = parse(response.text)
    route = "/api/jobs/{job_id}"
    assert value(samples, "jiraex_http_request_duration_seconds_count", method="GET", route=route, status="2xx") == 3
    assert value(samples, "jiraex_http_request_duration_seconds_count", method="GET", route=route, status="4xx") == 1
    assert value(samples, "jiraex_http_request_duration_seconds_bucket", method="GET", route=route, status="2xx",
                 le="+Inf") == 3
    assert value(samples, "jiraex_jobs", state="succeeded") == 1
    assert value(samples, "jiraex_jobs", state="queued") == 1
    assert value(samples, "jiraex_jobs", state="failed") == 0
    assert value(samples, "jiraex_queue_oldest_queued_age_seconds") >= 0
    assert value(samples, "jiraex_sse_clients") == 2 and value(samples, "jiraex_sse_stream_readers") == 1
    # Raw ids never become labels: only route templates do.
    assert job not in response.text


async def test_database_gauges_are_cached_for_a_few_seconds(api: ApiHarness) -> None:
    now = [100.0]
    cache = GaugeCache(ttl_seconds=5, clock=lambda: now[0])
    first = await cache.read(api.deps.sessions)
    alice = await sign_in(api, "alice@example.com")
    await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {"a.json": b"[]"})
    assert await cache.read(api.deps.sessions) is first
    now[0] += 5
    assert (await cache.read(api.deps.sessions)).jobs == {"succeeded": 1}


def test_histogram_buckets_are_cumulative_and_labels_escaped() -> None:
    histogram = RequestHistogram()
    for seconds in (0.001, 0.02, 0.02, 30.0):
        histogram.observe("GET", '/a"b\\c', 201, seconds)
    samples = parse(render([histogram.family()]))
    labels = {"method": "GET", "route": '/a\\"b\\\\c', "status": "2xx"}
    assert value(samples, "jiraex_http_request_duration_seconds_bucket", **labels, le="0.005") == 1
    assert value(samples, "jiraex_http_request_duration_seconds_bucket", **labels, le="0.025") == 3
    assert value(samples, "jiraex_http_request_duration_seconds_bucket", **labels, le="10") == 3
    assert value(samples, "jiraex_http_request_duration_seconds_bucket", **labels, le="+Inf") == 4
    assert value(samples, "jiraex_http_request_duration_seconds_sum", **labels) == 30.041
    text = render([Family("x", "gauge", "line one\nline two", [Sample("x", 1.5)])])
    assert text == "# HELP x line one\\nline two\n# TYPE x gauge\nx 1.5\n"

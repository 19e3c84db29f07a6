"""Each fault, observed from a client: 429s and their headers, storms, 5xx, resets, truncation, blackholes."""

from __future__ import annotations

import asyncio
import hashlib
import re
import time

import httpx
import pytest

from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_jira_sim.runner import RunningSimulator

INFO = "/rest/api/3/myself"
RESET_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$")


async def test_token_bucket_429_headers_and_early_retries(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator):
    cloud_sim.set_faults(rate_limit_rps=2, rate_limit_burst=2)
    answers = [await cloud.get(INFO) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 429, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "2"
    assert answers[0].headers["x-ratelimit-remaining"] == "1"
    assert answers[1].headers["x-ratelimit-nearlimit"] == "true"
    limited = answers[2]
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert RESET_STAMP.match(limited.headers["x-ratelimit-reset"])
    assert limited.headers["ratelimit-reason"] == "jira-burst-based"
    assert limited.json()["errorMessages"]
    stats = cloud_sim.stats()
    # The fourth request came before the third's Retry-After expired.
    assert stats["early_retries"] == 1
    assert stats["early_retries_by_credential"] == {"tester@example.com": 1}
    assert stats["by_endpoint"]["GET /rest/api/3/myself"] == {"200": 2, "429": 2}
    assert sum(second["429"] for second in stats["per_second"]) == 2


async def test_requests_in_flight_at_a_429_are_not_early(cloud_sim: RunningSimulator, creds) -> None:
    cloud_sim.set_faults(rate_limit_rps=0.5, rate_limit_burst=1, early_retry_grace_ms=250)
    auth = (creds.email, creds.token)
    async with (
        httpx.AsyncClient(base_url=cloud_sim.base_url, auth=auth) as first,
        httpx.AsyncClient(base_url=cloud_sim.base_url, auth=auth) as second,
        httpx.AsyncClient(base_url=cloud_sim.base_url, auth=auth) as third,
        httpx.AsyncClient(base_url=cloud_sim.base_url, auth=auth) as late,
    ):
        assert (await first.get(INFO)).status_code == 200
        burst = await asyncio.gather(second.get(INFO), third.get(INFO))  # two connections, concurrently
        assert [answer.status_code for answer in burst] == [429, 429]
        stats = cloud_sim.stats()
        assert stats["early_retries"] == 0
        assert stats["arrivals_within_retry_after"] >= 1  # one of them arrived after the other's 429

        await second.get(INFO)  # straight back on the connection that carried its 429
        await asyncio.sleep(0.3)
        await late.get(INFO)  # another connection, past the grace, before Retry-After (2 s) ran out
    stats = cloud_sim.stats()
    assert stats["early_retries"] == 2
    assert stats["early_retries_same_connection"] == 1


async def test_retry_after_zero_and_html_bodies(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(rate_limit_rps=0.01, rate_limit_burst=1, retry_after_zero_fraction=1.0, html_429_fraction=1.0)
    assert (await cloud.get(INFO)).status_code == 200
    limited = [await cloud.get(INFO) for _ in range(2)]
    for answer in limited:
        assert answer.status_code == 429
        assert answer.headers["retry-after"] == "0"
        assert answer.headers["content-type"].startswith("text/html")
        assert "<html" in answer.text
    assert cloud_sim.stats()["early_retries"] == 0  # Retry-After: 0 sets no waiting period


async def test_server_429_is_tomcat_html(server: httpx.AsyncClient, server_sim: RunningSimulator) -> None:
    server_sim.set_faults(rate_limit_rps=1, rate_limit_burst=1)
    assert (await server.get("/rest/api/2/myself")).status_code == 200
    limited = await server.get("/rest/api/2/myself")
    assert limited.status_code == 429
    assert "HTTP Status 429" in limited.text
    assert limited.headers["x-ratelimit-fillrate"] == "1"
    assert limited.headers["x-ratelimit-interval-seconds"] == "1"


@pytest.mark.slow
async def test_scheduled_storm(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(storm_every_s=30, storm_duration_s=1.2, storm_start_after_s=0)
    during = await cloud.get(INFO)
    assert during.status_code == 429
    assert during.headers["retry-after"] in ("1", "2")
    assert during.headers["ratelimit-reason"]
    await asyncio.sleep(float(during.headers["retry-after"]) + 0.05)
    assert (await cloud.get(INFO)).status_code == 200
    assert cloud_sim.stats()["early_retries"] == 0


async def test_server_errors(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(error_rate=1.0, error_503_fraction=1.0, error_retry_after_s=3)
    unavailable = await cloud.get(INFO)
    assert unavailable.status_code == 503
    assert unavailable.headers["retry-after"] == "3"
    cloud_sim.set_faults(error_503_fraction=0.0)
    statuses = {(await cloud.get(INFO)).status_code for _ in range(12)}
    assert statuses <= {500, 502}
    assert statuses
    assert cloud_sim.stats()["early_retries"] == 12  # all within the 503's Retry-After


async def test_connection_reset_raises(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(reset_rate=1.0)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        await cloud.get(INFO)
    cloud_sim.set_faults(reset_rate=0.0)
    assert (await cloud.get(INFO)).status_code == 200
    assert cloud_sim.stats()["outcomes"]["reset"] == 1


async def test_truncated_body_raises(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(truncate_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        await cloud.get("/rest/api/3/field")
    cloud_sim.set_faults(truncate_rate=0.0)
    assert (await cloud.get("/rest/api/3/field")).status_code == 200
    assert cloud_sim.stats()["outcomes"]["truncated"] == 1


@pytest.mark.slow
async def test_blackhole_times_out_then_recovers(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    cloud_sim.set_faults(blackhole_duration_s=1.0, blackhole_start_after_s=0)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        await cloud.get(INFO, timeout=0.4)
    assert time.monotonic() - started >= 0.4
    await asyncio.sleep(max(0.0, 1.05 - (time.monotonic() - started)))
    assert (await cloud.get(INFO)).status_code == 200


async def test_latency_with_jitter_and_peak_concurrency(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator):
    cloud_sim.set_faults(latency=[{"pattern": "*/myself", "ms": 150, "jitter_ms": 20}])
    started = time.monotonic()
    answers = await asyncio.gather(*(cloud.get(INFO) for _ in range(8)))
    elapsed = time.monotonic() - started
    assert all(a.status_code == 200 for a in answers)
    assert 0.13 <= elapsed < 1.0  # concurrent, not serialised
    assert cloud_sim.stats()["peak_concurrency"] >= 4
    fast = time.monotonic()
    await cloud.get("/rest/api/3/serverInfo")
    assert time.monotonic() - fast < 0.1  # the pattern does not match


async def _download(media: httpx.AsyncClient, url: str, start: int = 0) -> tuple[bytes, bool]:
    """Bytes received (from ``start``) and whether the stream broke before its Content-Length."""
    received = bytearray()
    headers = {"Range": f"bytes={start}-"} if start else {}
    try:
        async with media.stream("GET", url, headers=headers) as response:
            async for chunk in response.aiter_raw():
                received += chunk
    except httpx.RemoteProtocolError:
        return bytes(received), True
    return bytes(received), False


async def test_dropped_stream_resumes_with_range(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    ds = cloud_sim.dataset
    info = max((a for i in range(len(ds)) for a in ds.attachments(i)), key=lambda a: a.size)
    cloud_sim.set_faults(drop_attachment_streams=True)
    location = (await cloud.get(f"/rest/api/3/attachment/content/{info.id}")).headers["location"]
    async with httpx.AsyncClient(timeout=10) as media:
        first, broken = await _download(media, location)
        assert broken
        assert 0 < len(first) < info.size
        rest, broken_again = await _download(media, location, start=len(first))
        assert not broken_again
    assert hashlib.sha256(first + rest).hexdigest() == ds.attachment_sha256(info.id)
    assert cloud_sim.stats()["outcomes"]["dropped"] == 1


@pytest.mark.slow
async def test_slow_media_stream(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator) -> None:
    ds = cloud_sim.dataset
    info = max((a for i in range(len(ds)) for a in ds.attachments(i)), key=lambda a: a.size)
    rate = max(info.size // 1, 1) * 2  # about half a second for the whole file
    cloud_sim.set_faults(media_bytes_per_s=rate)
    location = (await cloud.get(f"/rest/api/3/attachment/content/{info.id}")).headers["location"]
    async with httpx.AsyncClient(timeout=10) as media:
        started = time.monotonic()
        body = (await media.get(location)).content
        elapsed = time.monotonic() - started
    assert len(body) == info.size
    assert elapsed >= 0.4


async def test_faults_are_reproducible_from_the_seed(start_sim) -> None:
    async def statuses() -> list[int]:
        faults = FaultSettings(seed=99, error_rate=0.4, latency=(LatencyRule("*", 1, 1),))
        async with start_sim(faults=faults) as sim, httpx.AsyncClient(base_url=sim.base_url) as client:
            return [(await client.get("/rest/api/3/serverInfo")).status_code for _ in range(25)]

    first, second = await statuses(), await statuses()
    assert first == second
    assert len(set(first)) > 1


async def test_admin_fault_and_stats_endpoints(cloud_sim: RunningSimulator) -> None:
    async with httpx.AsyncClient(base_url=cloud_sim.base_url) as admin:  # no Jira credentials needed
        state = (await admin.get("/__sim/faults")).json()
        assert state["settings"]["rate_limit_rps"] == 0
        assert state["storm_active"] is False
        changed = await admin.put("/__sim/faults", json={"rate_limit_rps": 5, "latency": [{"pattern": "*", "ms": 1}]})
        assert changed.status_code == 200
        assert changed.json()["settings"]["rate_limit_rps"] == 5
        assert [(rule.pattern, rule.ms) for rule in cloud_sim.app.faults.settings.latency] == [("*", 1.0)]
        assert (await admin.put("/__sim/faults", json={"no_such_knob": 1})).status_code == 400
        assert (await admin.put("/__sim/faults", json={"error_rate": 2})).status_code == 400
        assert (await admin.put("/__sim/faults", json=state)).status_code == 200  # GET's body round-trips

        await admin.get("/rest/api/3/serverInfo")
        stats = (await admin.get("/__sim/stats")).json()
        assert stats["requests_total"] == 1
        assert "GET /rest/api/3/serverInfo" in stats["by_endpoint"]
        reset = (await admin.post("/__sim/stats/reset")).json()
        assert reset["requests_total"] == 0
        assert reset["early_retries"] == 0
        info = (await admin.get("/__sim/info")).json()
        assert info == {**info, "mode": "cloud", "media_url": cloud_sim.media_url, "issues": len(cloud_sim.dataset)}
        bad = await admin.get("/__sim/ground-truth", params={"jql": "project = ("})
        assert bad.status_code == 400

"""Exports, live SSE and downloads on real PostgreSQL, Redis, RabbitMQ and S3 (no workers: events are appended here)."""

import asyncio
import hashlib

import httpx
import pytest
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, served, sign_in, take_export_requested
from sse_parsing import SseEvent, sse_events

from jiraex_api.services.job_stream import StreamTimings
from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.events import JobSucceeded
from jiraex_shared.contracts.progress import JobProgressed, JobStateChanged

pytestmark = pytest.mark.integration


async def _read_until_terminal(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> list[SseEvent]:
    received = []
    async with client.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200
        async for event in sse_events(response.aiter_lines()):
            received.append(event)
    return received


async def test_launch_publishes_export_requested_on_rabbitmq(fleet_api: ApiHarness, rabbitmq_url: str) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    connection = await add_connection(fleet_api, alice.user_id)
    response = await fleet_api.client.post(
        "/api/export", json={"connection_id": connection, "jql": "project = A", "formats": ["json"]},
        headers={**alice.headers, "Idempotency-Key": "k-1"},
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    message = await take_export_requested(rabbitmq_url)
    assert (message.job_id, message.connection_id, message.requested_by) == (job_id, connection, alice.user_id)


async def test_live_sse_over_redis_fans_out_from_one_reader(fleet_api: ApiHarness) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    job_id = await finished_job(fleet_api, alice.user_id, await add_connection(fleet_api, alice.user_id), {},
                                state="running")
    events = fleet_api.deps.events
    first = await events.append(job_id, JobStateChanged(job_id=job_id, state="running"))
    url = f"/api/jobs/{job_id}/stream"
    async with served(fleet_api.app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        readers = [asyncio.create_task(_read_until_terminal(client, url, alice.headers)) for _ in range(5)]
        resumed = asyncio.create_task(_read_until_terminal(client, url, {**alice.headers, "Last-Event-ID": first}))
        hub = None
        for _ in range(500):
            hub = getattr(fleet_api.app.state, "stream_hub", None)
            if hub is not None and hub.clients(job_id) == 6:
                break
            await asyncio.sleep(0.01)
        assert hub is not None and hub.clients(job_id) == 6 and hub.readers == 1
        for issues in (10, 20):
            await events.append(job_id, JobProgressed(job_id=job_id, phase="extracting",
                                                      counts=ExportCounts(issues_exported=issues)))
        last = await events.append(job_id, JobSucceeded(job_id=job_id, export_name="export"))
        everyone = await asyncio.wait_for(asyncio.gather(*readers, resumed), 20)
    for received in everyone[:-1]:
        assert [event.event for event in received] == [
            "job.snapshot", "job.state_changed", "job.progressed", "job.progressed", "job.succeeded"]
        assert received[-1].id == last and received[-1].json["type"] == "job.succeeded"
        assert [event.json["counts"]["issues_exported"] for event in received[2:4]] == [10, 20]
    assert [event.event for event in everyone[-1]] == ["job.snapshot", "job.progressed", "job.progressed",
                                                       "job.succeeded"]
    assert hub.readers == 0


async def test_a_revoked_session_ends_a_live_stream(fleet_api: ApiHarness) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    job_id = await finished_job(fleet_api, alice.user_id, await add_connection(fleet_api, alice.user_id), {},
                                state="running")
    fleet_api.app.state.stream_timings = StreamTimings(heartbeat_seconds=0.2, recheck_seconds=0.3)
    async with served(fleet_api.app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        received: list[SseEvent] = []

        async def follow() -> None:
            async with client.stream("GET", f"/api/jobs/{job_id}/stream", headers=alice.headers) as response:
                async for event in sse_events(response.aiter_lines()):
                    received.append(event)

        task = asyncio.create_task(follow())
        for _ in range(500):
            if any(event.comments for event in received):
                break
            await asyncio.sleep(0.01)
        assert received[0].event == "job.snapshot" and any(event.comments == ["heartbeat"] for event in received)
        assert (await client.post("/api/auth/logout", headers=alice.headers)).status_code == 204
        await asyncio.wait_for(task, 10)  # the server closed the stream


async def test_downloads_stream_from_s3_with_ranges(fleet_api: ApiHarness) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    data = bytes(range(256)) * 40_000  # 10 MB: several reads from S3
    job_id = await finished_job(fleet_api, alice.user_id, await add_connection(fleet_api, alice.user_id),
                                {"issues.ndjson": data, "html/index.html": b"<p>hi</p>"}, archive=b"PK\x05\x06")
    async with served(fleet_api.app) as base, httpx.AsyncClient(base_url=base, timeout=30) as client:
        whole = await client.get(f"/api/jobs/{job_id}/files/issues.ndjson", headers=alice.headers)
        assert whole.status_code == 200 and hashlib.sha256(whole.content).digest() == hashlib.sha256(data).digest()
        assert whole.headers["content-length"] == str(len(data))
        part = await client.get(f"/api/jobs/{job_id}/files/issues.ndjson",
                                headers={**alice.headers, "Range": "bytes=5000000-5000099"})
        assert part.status_code == 206 and part.content == data[5_000_000:5_000_100]
        preview = await client.get(f"/api/jobs/{job_id}/files/html/index.html?inline=1", headers=alice.headers)
        assert preview.headers["content-security-policy"].startswith("sandbox")
        archive = await client.get(f"/api/jobs/{job_id}/archive", headers=alice.headers)
        assert archive.content == b"PK\x05\x06"
        assert (await client.delete(f"/api/jobs/{job_id}", headers=alice.headers)).status_code == 204
    assert [stored async for stored in fleet_api.deps.store.list(f"jobs/{job_id}/")] == []


async def test_a_client_that_disconnects_releases_its_place_and_the_reader(fleet_api: ApiHarness) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    job_id = await finished_job(fleet_api, alice.user_id, await add_connection(fleet_api, alice.user_id), {},
                                state="running")
    async with served(fleet_api.app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        async with client.stream("GET", f"/api/jobs/{job_id}/stream", headers=alice.headers) as response:
            events = sse_events(response.aiter_lines())  # held: dropping it would close the response early
            first = await anext(events)
            assert first.event == "job.snapshot"
            hub = fleet_api.app.state.stream_hub
            for _ in range(500):  # the client subscribes once its replay is done, just after the snapshot
                if hub.clients(job_id) == 1:
                    break
                await asyncio.sleep(0.01)
            assert hub.clients(job_id) == 1 and hub.readers == 1
        for _ in range(500):  # the server notices the closed socket and ends the generator
            if hub.readers == 0:
                break
            await asyncio.sleep(0.01)
        assert hub.clients(job_id) == 0 and hub.readers == 0

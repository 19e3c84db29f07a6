"""The job stream: snapshot, replay after Last-Event-ID, live fan-out from one reader, re-checks, monotonic totals."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, move_to, sign_in
from sse_parsing import parse_sse

from jiraex_api.services.job_stream import Frame, StreamContext, StreamTimings, follow_job, snapshot_of
from jiraex_api.services.principal import Principal
from jiraex_api.services.stream_hub import StreamHub
from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.events import JobSucceeded
from jiraex_shared.contracts.progress import JobProgressed, JobStateChanged
from jiraex_shared.db.repositories import get_job
from jiraex_shared.eventstream import MemoryEventStream

FAST = StreamTimings(heartbeat_seconds=0.05, recheck_seconds=0.1, lifetime_seconds=30)


def _progress(job_id: str, issues: int, chunks: int) -> JobProgressed:
    return JobProgressed(job_id=job_id, phase="extracting", counts=ExportCounts(issues_exported=issues),
                         chunks_done=chunks, requests=issues)


async def _running_job(api: ApiHarness) -> tuple[str, Principal, dict[str, str]]:
    alice = await sign_in(api, "alice@example.com")
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {}, state="running")
    async with api.deps.sessions() as session:
        from jiraex_api.services.sessions import authenticate

        principal = await authenticate(session, api.deps.accounts, alice.headers["Authorization"].split()[1])
        await session.commit()
    assert principal is not None
    return job_id, principal, alice.headers


async def _context(api: ApiHarness, events: MemoryEventStream, hub: StreamHub | None = None,
                   timings: StreamTimings = FAST) -> StreamContext:
    return StreamContext(sessions=api.deps.sessions, events=events, hub=hub or StreamHub(events, block_ms=200),
                         clock=api.deps.accounts.clock, timings=timings)


async def _snapshot(api: ApiHarness, job_id: str):  # type: ignore[no-untyped-def]
    async with api.deps.sessions() as session:
        return snapshot_of(await get_job(session, uuid.UUID(job_id)))


async def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Polls a condition that no event announces (the hub's subscriber count, frames gathered by a task)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


async def _collect(frames: AsyncIterator[Frame], into: list[Frame]) -> None:
    async for frame in frames:
        into.append(frame)


async def test_a_finished_job_streams_snapshot_then_replay_and_ends(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {"a.json": b"{}"})
    events = api.deps.events
    first = await events.append(job_id, JobStateChanged(job_id=job_id, state="planning"))
    await events.append(job_id, _progress(job_id, 5, 1))
    await events.append(job_id, JobSucceeded(job_id=job_id, export_name="export"))
    response = await api.client.get(f"/api/jobs/{job_id}/stream", headers=alice.headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    received = parse_sse(response.text.splitlines())
    assert [event.event for event in received] == ["job.snapshot", "job.state_changed", "job.progressed",
                                                   "job.succeeded"]
    assert received[0].id is None and received[0].json["state"] == "succeeded"
    assert received[1].id == first and received[1].json["state"] == "planning"
    resumed = await api.client.get(f"/api/jobs/{job_id}/stream", headers={**alice.headers, "Last-Event-ID": first})
    assert [event.event for event in parse_sse(resumed.text.splitlines())] == [
        "job.snapshot", "job.progressed", "job.succeeded"]
    bad = await api.client.get(f"/api/jobs/{job_id}/stream", headers={**alice.headers, "Last-Event-ID": "12"})
    assert bad.status_code in (400, 422)


async def test_the_stream_is_authorized_like_the_job(api: ApiHarness) -> None:
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {})
    api.client.cookies.clear()  # the logins left a session cookie behind
    assert (await api.client.get(f"/api/jobs/{job_id}/stream")).status_code == 401
    assert (await api.client.get(f"/api/jobs/{job_id}/stream", headers=bob.headers)).status_code == 404
    assert (await api.client.get(f"/api/jobs/{uuid.uuid4()}/stream", headers=alice.headers)).status_code == 404


async def test_live_events_fan_out_from_one_reader_and_end_after_the_outcome(api: ApiHarness) -> None:
    job_id, principal, _ = await _running_job(api)
    events = MemoryEventStream()
    before = await events.append(job_id, JobStateChanged(job_id=job_id, state="running"))
    hub = StreamHub(events, block_ms=200)
    ctx = await _context(api, events, hub)
    snapshot = await _snapshot(api, job_id)
    clients: list[list[Frame]] = [[], [], []]
    tasks = [asyncio.create_task(_collect(follow_job(ctx, principal, snapshot, last), into))
             for last, into in zip((None, before, None), clients, strict=True)]
    await until(lambda: hub.clients(job_id) == 3)
    assert hub.readers == 1
    await events.append(job_id, _progress(job_id, 10, 1))
    await events.append(job_id, _progress(job_id, 7, 2))  # a late total: shown as 10, never going down
    await events.append(job_id, JobSucceeded(job_id=job_id, export_name="export"))
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    for index, frames in enumerate(clients):
        kinds = [frame.event for frame in frames if frame.event]
        replayed = ["job.state_changed"] if index != 1 else []
        assert kinds == ["job.snapshot", *replayed, "job.progressed", "job.progressed", "job.succeeded"], index
        progressed = [frame for frame in frames if frame.event == "job.progressed"]
        assert [p.data and '"issues_exported":10' in p.data for p in progressed] == [True, True]
        assert '"chunks_done":2' in (progressed[1].data or "")
        ids = [frame.id for frame in frames if frame.id]
        assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("-")))) and len(ids) == len(set(ids))
    assert hub.readers == 0


async def test_a_slow_client_is_dropped_without_holding_back_the_others(api: ApiHarness) -> None:
    job_id, principal, _ = await _running_job(api)
    events = MemoryEventStream()
    hub = StreamHub(events, queue_size=3, block_ms=200)
    ctx = await _context(api, events, hub)
    snapshot = await _snapshot(api, job_id)
    slow = follow_job(ctx, principal, snapshot, None)
    assert (await anext(slow)).event == "job.snapshot"
    fast: list[Frame] = []
    fast_task = asyncio.create_task(_collect(follow_job(ctx, principal, snapshot, None), fast))
    slow_first = asyncio.create_task(anext(slow))  # subscribes, then waits for the first live entry
    await until(lambda: hub.clients(job_id) == 2)
    for count in range(1, 11):
        await events.append(job_id, _progress(job_id, count, count))
        await asyncio.sleep(0.005)  # lets the fast client drain; the slow one is not reading
    await events.append(job_id, JobSucceeded(job_id=job_id, export_name="export"))
    await asyncio.wait_for(fast_task, 5)
    assert [frame.event for frame in fast].count("job.progressed") == 10
    assert (await slow_first).event == "job.progressed"
    rest = [frame async for frame in slow]
    assert "job.succeeded" not in [frame.event for frame in rest]  # dropped before the end: it reconnects


async def test_heartbeats_and_a_revoked_session_ends_the_stream(api: ApiHarness) -> None:
    job_id, principal, headers = await _running_job(api)
    events = MemoryEventStream()
    ctx = await _context(api, events)
    frames: list[Frame] = []
    task = asyncio.create_task(_collect(follow_job(ctx, principal, await _snapshot(api, job_id), None), frames))
    await until(lambda: sum(1 for frame in frames if frame.comment) >= 2)
    assert (await api.client.post("/api/auth/logout", headers=headers)).status_code == 204
    await asyncio.wait_for(task, 5)
    assert frames[-1].event is None and not any(frame.event == "job.succeeded" for frame in frames)


async def test_a_job_that_ends_without_its_terminal_entry_ends_the_stream_with_a_snapshot(api: ApiHarness) -> None:
    job_id, principal, _ = await _running_job(api)
    events = MemoryEventStream()
    frames: list[Frame] = []
    task = asyncio.create_task(
        _collect(follow_job(await _context(api, events), principal, await _snapshot(api, job_id), None), frames)
    )
    await asyncio.sleep(0.05)
    await move_to(api, job_id, "assembling", "succeeded")
    await asyncio.wait_for(task, 5)
    assert frames[-1].event == "job.snapshot" and '"state":"succeeded"' in (frames[-1].data or "")


@pytest.mark.parametrize("lifetime", [0.2])
async def test_the_connection_is_recycled_after_its_lifetime(api: ApiHarness, lifetime: float) -> None:
    job_id, principal, _ = await _running_job(api)
    events = MemoryEventStream()
    timings = StreamTimings(heartbeat_seconds=10, recheck_seconds=10, lifetime_seconds=lifetime)
    frames = [frame async for frame in follow_job(await _context(api, events, timings=timings), principal,
                                                   await _snapshot(api, job_id), None)]
    assert [frame.event for frame in frames] == ["job.snapshot"] and frames[0].retry == timings.retry_ms

"""One behaviour, two adapters: the same checks run against RedisEventStream and MemoryEventStream."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis

from jiraex_shared.contracts import ContractError, JobProgressed, JobWarning
from jiraex_shared.eventstream import EventStream, MemoryEventStream, RedisEventStream, parse_stream_id

pytestmark = pytest.mark.integration

JOB = "job-1"
StreamFactory = Callable[..., EventStream]


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture(params=["redis", "memory"])
def make_stream(request: pytest.FixtureRequest) -> StreamFactory:
    """Builds streams of one kind; the Redis ones share a client and this test's key prefix.

    A sync fixture, so that only the Redis variant asks for (and may be skipped for want of) Redis.
    """
    if request.param == "memory":
        return lambda **options: MemoryEventStream(**options)
    client = request.getfixturevalue("redis_client")
    prefix = request.getfixturevalue("redis_prefix")
    return lambda **options: RedisEventStream(client, key_prefix=prefix, **options)


@pytest.fixture
def stream(make_stream: StreamFactory) -> EventStream:
    return make_stream()


def progressed(n: int, job_id: str = JOB) -> JobProgressed:
    return JobProgressed(job_id=job_id, phase="extracting", chunks_done=n)


async def test_ids_are_ms_seq_and_strictly_increasing(stream: EventStream) -> None:
    ids = [await stream.append(JOB, progressed(n)) for n in range(20)]
    parsed = [parse_stream_id(entry_id) for entry_id in ids]
    assert parsed == sorted(set(parsed))
    assert abs(parsed[0][0] / 1000 - time.time()) < 60


async def test_replay_returns_equal_events_in_order_exclusively_and_in_pages(stream: EventStream) -> None:
    events = [progressed(n) for n in range(7)]
    ids = [await stream.append(JOB, event) for event in events]
    assert await stream.read_after(JOB, None) == list(zip(ids, events, strict=True))
    assert await stream.read_after(JOB, ids[2], count=3) == list(zip(ids[3:6], events[3:6], strict=True))
    assert await stream.read_after(JOB, ids[-1]) == []
    assert await stream.read_after(JOB, "0-0", count=1) == [(ids[0], events[0])]


async def test_streams_of_different_jobs_are_independent(stream: EventStream) -> None:
    mine = await stream.append(JOB, progressed(1))
    await stream.append("job-2", progressed(2, "job-2"))
    assert [entry_id for entry_id, _ in await stream.read_after(JOB, None)] == [mine]
    assert await stream.first_id("job-3") is None
    assert await stream.read_after("job-3", None) == []


async def test_first_id_is_the_oldest_retained_entry(make_stream: StreamFactory) -> None:
    stream = make_stream(maxlen=50)
    ids = [await stream.append(JOB, progressed(n)) for n in range(400)]
    retained = [entry_id for entry_id, _ in await stream.read_after(JOB, None, count=1000)]
    assert 50 <= len(retained) < 400
    assert retained == ids[-len(retained):]
    assert await stream.first_id(JOB) == retained[0]
    assert parse_stream_id(retained[0]) > parse_stream_id(ids[0])


async def test_follow_returns_at_once_when_entries_are_waiting(stream: EventStream) -> None:
    first = await stream.append(JOB, progressed(1))
    second = await stream.append(JOB, progressed(2))
    started = time.monotonic()
    assert [entry_id for entry_id, _ in await stream.follow(JOB, first, block_ms=2_000)] == [second]
    assert time.monotonic() - started < 0.5


async def test_follow_from_now_sees_only_new_entries(stream: EventStream) -> None:
    await stream.append(JOB, progressed(1))
    reader = asyncio.create_task(stream.follow(JOB, None, block_ms=2_000))
    await asyncio.sleep(0.1)
    new_id = await stream.append(JOB, progressed(2))
    assert [entry_id for entry_id, _ in await reader] == [new_id]


async def test_follow_times_out_empty(stream: EventStream) -> None:
    last = await stream.append(JOB, progressed(1))
    started = time.monotonic()
    assert await stream.follow(JOB, last, block_ms=150) == []
    assert 0.1 < time.monotonic() - started < 1.0


async def test_many_followers_are_woken_by_one_append(stream: EventStream) -> None:
    last = await stream.append(JOB, progressed(0))
    readers = [asyncio.create_task(stream.follow(JOB, last, block_ms=3_000)) for _ in range(5)]
    await asyncio.sleep(0.1)
    new_id = await stream.append(JOB, progressed(1))
    results = await asyncio.wait_for(asyncio.gather(*readers), 2)
    assert all([entry_id for entry_id, _ in result] == [new_id] for result in results)


async def test_expire_keeps_the_stream_until_its_deadline_and_zero_deletes(stream: EventStream) -> None:
    first = await stream.append(JOB, progressed(1))
    await stream.expire(JOB, 60)
    await stream.append(JOB, progressed(2))
    assert await stream.first_id(JOB) == first
    await stream.expire(JOB, 0)
    assert await stream.first_id(JOB) is None
    await stream.expire("never-written", 60)


async def test_bad_ids_counts_and_events_are_refused_alike(stream: EventStream) -> None:
    for bad in ("12", "x-1", "$", "+"):
        with pytest.raises(ValueError, match="stream id"):
            await stream.read_after(JOB, bad)
        with pytest.raises(ValueError, match="stream id"):
            await stream.follow(JOB, bad, block_ms=10)
    with pytest.raises(ValueError, match="count"):
        await stream.read_after(JOB, None, count=0)
    with pytest.raises(ValueError, match="block_ms"):
        await stream.follow(JOB, None, block_ms=-1)
    with pytest.raises(ContractError):
        await stream.append(JOB, JobWarning(job_id=JOB, code="c" * 65, message="m"))
    assert await stream.first_id(JOB) is None

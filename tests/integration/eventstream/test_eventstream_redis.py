"""RedisEventStream against a real Redis: wake-up latency, approximate trimming, TTL, bad entries, reply modes."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
import structlog

from jiraex_shared.contracts import (
    PROGRESS_STREAM_FIELD,
    ExportCounts,
    JobProgressed,
    JobSucceeded,
    encode,
    progress_stream_key,
)
from jiraex_shared.eventstream import DEFAULT_TERMINAL_TTL_SECONDS, JobProgressReporter, RedisEventStream

pytestmark = pytest.mark.integration

JOB = "job-1"


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    opened = aioredis.from_url(redis_url)
    yield opened
    await opened.aclose()


def progressed(n: int) -> JobProgressed:
    return JobProgressed(job_id=JOB, phase="extracting", chunks_done=n)


async def test_entries_live_under_the_prefixed_job_key_as_one_json_field(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    stream = RedisEventStream(client, key_prefix=redis_prefix)
    entry_id = await stream.append(JOB, progressed(3))
    key = redis_prefix + progress_stream_key(JOB)
    assert stream.key(JOB) == key == f"{redis_prefix}job:{JOB}"
    assert await client.xrange(key) == [
        (entry_id.encode(), {PROGRESS_STREAM_FIELD.encode(): encode((await stream.read_after(JOB, None))[0][1])})
    ]


async def test_follow_wakes_within_50_ms_of_an_append(
    client: aioredis.Redis, redis_url: str, redis_prefix: str
) -> None:
    reader_client = aioredis.from_url(redis_url)  # as if in the API process
    reader_stream = RedisEventStream(reader_client, key_prefix=redis_prefix)
    writer = RedisEventStream(client, key_prefix=redis_prefix)
    last = await writer.append(JOB, progressed(0))
    latencies = []
    for n in range(1, 4):
        reader = asyncio.create_task(reader_stream.follow(JOB, last, block_ms=5_000))
        await asyncio.sleep(0.1)
        assert not reader.done()
        appended_at = time.monotonic()
        last = await writer.append(JOB, progressed(n))
        entries = await reader
        latencies.append(time.monotonic() - appended_at)
        assert [entry_id for entry_id, _ in entries] == [last]
    await reader_client.aclose()
    assert max(latencies) < 0.05


async def test_trimming_is_approximate_and_first_id_moves(client: aioredis.Redis, redis_prefix: str) -> None:
    stream = RedisEventStream(client, key_prefix=redis_prefix, maxlen=100)
    ids = [await stream.append(JOB, progressed(n)) for n in range(1_000)]
    length = await client.xlen(stream.key(JOB))
    assert 100 <= length < 1_000
    first = await stream.first_id(JOB)
    assert first is not None
    assert first == ids[-length]
    assert first != ids[0]
    info = await client.xinfo_stream(stream.key(JOB))
    assert info["first-entry"][0].decode() == first


async def test_a_terminal_event_sets_the_ttl(client: aioredis.Redis, redis_prefix: str) -> None:
    stream = RedisEventStream(client, key_prefix=redis_prefix)
    async with JobProgressReporter(stream, JOB, phase="extracting") as reporter:
        reporter.extracted(4)
        await asyncio.sleep(0.01)
        reporter.extracted(1)
        assert await client.ttl(stream.key(JOB)) == -1  # no TTL while the job runs
        await reporter.publish(
            JobSucceeded(job_id=JOB, export_name="Export", counts=ExportCounts(issues_exported=5))
        )
    ttl = await client.ttl(stream.key(JOB))
    assert DEFAULT_TERMINAL_TTL_SECONDS - 5 < ttl <= DEFAULT_TERMINAL_TTL_SECONDS
    events = [event for _, event in await stream.read_after(JOB, None)]
    assert [type(event).__name__ for event in events] == ["JobProgressed", "JobProgressed", "JobSucceeded"]
    assert isinstance(events[1], JobProgressed)
    assert events[1].counts.issues_exported == 5


async def test_an_expired_stream_is_gone_and_appends_do_not_extend_it(
    client: aioredis.Redis, redis_prefix: str
) -> None:
    stream = RedisEventStream(client, key_prefix=redis_prefix)
    await stream.append(JOB, progressed(1))
    await stream.expire(JOB, 1)
    await stream.append(JOB, progressed(2))
    assert 0 < await client.pttl(stream.key(JOB)) <= 1_000
    await asyncio.sleep(1.1)
    assert await stream.first_id(JOB) is None
    assert await stream.read_after(JOB, None) == []


async def test_undecodable_entries_are_skipped_by_readers(client: aioredis.Redis, redis_prefix: str) -> None:
    stream = RedisEventStream(client, key_prefix=redis_prefix)
    key = stream.key(JOB)
    good = await stream.append(JOB, progressed(1))
    await client.xadd(key, {PROGRESS_STREAM_FIELD: b'{"type": "job.exploded"}'})
    await client.xadd(key, {"something": "else"})
    also_good = await stream.append(JOB, progressed(2))
    with structlog.testing.capture_logs() as logs:
        assert [entry_id for entry_id, _ in await stream.read_after(JOB, None)] == [good, also_good]
        assert [entry_id for entry_id, _ in await stream.follow(JOB, good, block_ms=100)] == [also_good]
    assert [entry["event"] for entry in logs] == ["progress_entry_skipped"] * 4


@pytest.mark.parametrize("options", [{"legacy_responses": False}, {"decode_responses": True}, {"protocol": 2}])
async def test_other_client_reply_modes_read_the_same(
    redis_url: str, redis_prefix: str, options: dict[str, object]
) -> None:
    other = aioredis.from_url(redis_url, **options)
    try:
        stream = RedisEventStream(other, key_prefix=redis_prefix)
        first = await stream.append(JOB, progressed(1))
        reader = asyncio.create_task(stream.follow(JOB, first, block_ms=2_000))
        await asyncio.sleep(0.05)
        second = await stream.append(JOB, progressed(2))
        assert [entry_id for entry_id, _ in await reader] == [second]
        assert [entry_id for entry_id, _ in await stream.read_after(JOB, None)] == [first, second]
        assert await stream.first_id(JOB) == first
        assert await stream.follow(JOB, second, block_ms=50) == []
    finally:
        await other.aclose()

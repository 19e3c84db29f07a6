"""MemoryEventStream: Redis's id, trimming, expiry and blocking-read behaviour, in process."""

import asyncio
import time

import pytest
from eventstream_fakes import ManualClock

from jiraex_shared.contracts import ContractError, JobProgressed, JobWarning
from jiraex_shared.eventstream import MemoryEventStream, parse_stream_id

JOB = "job-1"


def progressed(issues: int, job_id: str = JOB) -> JobProgressed:
    return JobProgressed(job_id=job_id, phase="extracting", chunks_done=issues)


async def test_ids_strictly_increase_within_one_millisecond_and_when_the_clock_steps_back() -> None:
    clock = ManualClock(1_700_000_000.0005)
    stream = MemoryEventStream(clock=clock)
    ids = [await stream.append(JOB, progressed(n)) for n in range(3)]
    clock.now -= 5  # NTP stepped the clock back
    ids.append(await stream.append(JOB, progressed(3)))
    clock.now += 10
    ids.append(await stream.append(JOB, progressed(4)))
    assert ids == ["1700000000000-0", "1700000000000-1", "1700000000000-2", "1700000000000-3", "1700000005000-0"]
    assert [parse_stream_id(i) for i in ids] == sorted(parse_stream_id(i) for i in ids)


async def test_read_after_is_exclusive_ordered_and_limited() -> None:
    stream = MemoryEventStream()
    events = [progressed(n) for n in range(5)]
    ids = [await stream.append(JOB, event) for event in events]
    assert await stream.read_after(JOB, None) == list(zip(ids, events, strict=True))
    assert await stream.read_after(JOB, ids[1], count=2) == list(zip(ids[2:4], events[2:4], strict=True))
    assert await stream.read_after(JOB, ids[-1]) == []
    assert await stream.read_after("other-job", None) == []


async def test_maxlen_trims_the_oldest_and_first_id_moves() -> None:
    stream = MemoryEventStream(maxlen=3)
    ids = [await stream.append(JOB, progressed(n)) for n in range(10)]
    assert await stream.first_id(JOB) == ids[7]
    assert [entry_id for entry_id, _ in await stream.read_after(JOB, None)] == ids[7:]
    assert [entry_id for entry_id, _ in await stream.read_after(JOB, ids[2])] == ids[7:]  # a gap the reader must detect


async def test_expiry_is_honoured_lazily_and_appends_keep_the_deadline() -> None:
    clock = ManualClock()
    stream = MemoryEventStream(clock=clock)
    await stream.append(JOB, progressed(1))
    await stream.append("job-2", progressed(1, "job-2"))
    await stream.expire(JOB, 60)
    clock.now += 30
    await stream.append(JOB, progressed(2))
    assert len(await stream.read_after(JOB, None)) == 2
    clock.now += 30
    assert await stream.first_id(JOB) is None
    assert await stream.read_after(JOB, None) == []
    assert await stream.first_id("job-2") is not None  # never expired


async def test_a_stream_recreated_after_expiry_is_not_dropped_by_the_old_deadline() -> None:
    clock = ManualClock()
    stream = MemoryEventStream(clock=clock)
    await stream.append(JOB, progressed(1))
    await stream.expire(JOB, 10)
    clock.now += 11
    assert await stream.first_id(JOB) is None
    fresh = await stream.append(JOB, progressed(2))
    await stream.expire(JOB, 100)
    await stream.expire(JOB, 200)  # the deadline moves; the 100 s heap item must not delete it
    clock.now += 150
    assert await stream.first_id(JOB) == fresh


async def test_expire_with_zero_seconds_deletes_at_once_like_redis() -> None:
    stream = MemoryEventStream()
    await stream.append(JOB, progressed(1))
    await stream.expire(JOB, 0)
    await stream.expire("never-written", 10)
    assert await stream.first_id(JOB) is None


async def test_follow_returns_waiting_entries_at_once() -> None:
    stream = MemoryEventStream()
    first = await stream.append(JOB, progressed(1))
    second = await stream.append(JOB, progressed(2))
    assert [i for i, _ in await stream.follow(JOB, first, block_ms=5_000)] == [second]


async def test_follow_without_an_id_sees_only_new_entries() -> None:
    stream = MemoryEventStream()
    await stream.append(JOB, progressed(1))
    reader = asyncio.create_task(stream.follow(JOB, None, block_ms=5_000))
    await asyncio.sleep(0.01)
    new_id = await stream.append(JOB, progressed(2))
    assert [i for i, _ in await reader] == [new_id]


async def test_follow_wakes_many_blocked_readers_on_one_append_and_cleans_up() -> None:
    stream = MemoryEventStream()
    last = await stream.append(JOB, progressed(0))
    readers = [asyncio.create_task(stream.follow(JOB, last, block_ms=5_000)) for _ in range(50)]
    await asyncio.sleep(0.01)
    assert not any(reader.done() for reader in readers)
    started = time.monotonic()
    new_id = await stream.append(JOB, progressed(1))
    results = await asyncio.gather(*readers)
    assert time.monotonic() - started < 0.05
    assert all([i for i, _ in result] == [new_id] for result in results)
    assert stream._signals == {}


async def test_follow_ignores_appends_to_other_jobs_and_times_out_empty() -> None:
    stream = MemoryEventStream()
    reader = asyncio.create_task(stream.follow(JOB, None, block_ms=100))
    await asyncio.sleep(0.01)
    await stream.append("job-2", progressed(1, "job-2"))
    started = time.monotonic()
    assert await reader == []
    assert 0.05 < time.monotonic() - started < 0.5
    assert stream._signals == {}


async def test_follow_with_zero_block_waits_until_an_append() -> None:
    stream = MemoryEventStream()
    reader = asyncio.create_task(stream.follow(JOB, None, block_ms=0))
    await asyncio.sleep(0.05)
    assert not reader.done()
    await stream.append(JOB, progressed(1))
    assert len(await asyncio.wait_for(reader, 1)) == 1


async def test_a_cancelled_follower_leaves_no_waiter_behind() -> None:
    stream = MemoryEventStream()
    reader = asyncio.create_task(stream.follow(JOB, None, block_ms=0))
    await asyncio.sleep(0.01)
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    assert stream._signals == {}


async def test_bad_arguments_and_undecodable_events_are_refused() -> None:
    stream = MemoryEventStream()
    with pytest.raises(ValueError, match="stream id"):
        await stream.read_after(JOB, "12")
    with pytest.raises(ValueError, match="count"):
        await stream.read_after(JOB, None, count=0)
    with pytest.raises(ValueError, match="block_ms"):
        await stream.follow(JOB, None, block_ms=-1)
    with pytest.raises(ValueError, match="maxlen"):
        MemoryEventStream(maxlen=0)
    with pytest.raises(ContractError, match=r"job\.warning"):
        await stream.append(JOB, JobWarning(job_id=JOB, code="x" * 65, message="too long a code"))
    assert await stream.first_id(JOB) is None


async def test_stored_events_equal_what_was_appended() -> None:
    stream = MemoryEventStream()
    event = JobWarning(job_id=JOB, code="attachment_failed", message="403 from Jira", issue_key="ABC-1")
    entry_id = await stream.append(JOB, event)
    assert await stream.read_after(JOB, None) == [(entry_id, event)]

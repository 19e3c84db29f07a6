"""The SSE hub and the high-water mark of progress totals, without HTTP."""

import asyncio

import pytest

from jiraex_api.services import stream_hub
from jiraex_api.services.monotonic_progress import ProgressHighWater
from jiraex_api.services.stream_hub import StreamHub
from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobProgressed, JobStateChanged
from jiraex_shared.eventstream import MemoryEventStream


class FlakyStream(MemoryEventStream):
    """Fails the first ``failures`` follows, as Redis does while it restarts."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def follow(self, job_id: str, last_id: str | None, *, block_ms: int, count: int = 500):  # type: ignore[no-untyped-def]
        if self.failures:
            self.failures -= 1
            raise ConnectionError("redis restarting")
        return await super().follow(job_id, last_id, block_ms=block_ms, count=count)


async def test_the_feed_survives_read_failures_and_stops_with_its_last_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_hub, "READ_RETRY_SECONDS", 0.01)
    events = FlakyStream(failures=3)
    hub = StreamHub(events, block_ms=100)
    first, second = hub.subscribe("job-1", "0-0"), hub.subscribe("job-1", "0-0")
    assert hub.readers == 1 and hub.clients("job-1") == 2
    entry_id = await events.append("job-1", JobStateChanged(job_id="job-1", state="running"))
    for subscription in (first, second):
        got_id, event = await asyncio.wait_for(subscription.queue.get(), 5)
        assert got_id == entry_id and isinstance(event, JobStateChanged)
    hub.unsubscribe("job-1", first)
    assert hub.readers == 1
    hub.unsubscribe("job-1", second)
    assert hub.readers == 0 and hub.clients("job-1") == 0


async def test_feeds_of_different_jobs_are_separate_and_aclose_stops_them() -> None:
    events = MemoryEventStream()
    hub = StreamHub(events, block_ms=100)
    a, b = hub.subscribe("job-a", "0-0"), hub.subscribe("job-b", "0-0")
    await events.append("job-b", JobStateChanged(job_id="job-b", state="running"))
    assert (await asyncio.wait_for(b.queue.get(), 5))[1].job_id == "job-b"
    assert a.queue.empty() and hub.readers == 2
    await hub.aclose()
    assert hub.readers == 0


def test_high_water_keeps_every_counter_from_going_down() -> None:
    high = ProgressHighWater(ExportCounts(issues_expected=100, issues_exported=5))
    first = high.raise_to_high_water(JobProgressed(
        job_id="j", phase="extracting", counts=ExportCounts(issues_exported=30, comments=7), chunks_total=4,
        chunks_done=2, requests=50, retries=1, rate_limit_wait_seconds=1.5,
    ))
    late = high.raise_to_high_water(JobProgressed(
        job_id="j", phase="extracting", counts=ExportCounts(issues_exported=20, comments=9), chunks_total=None,
        chunks_done=1, requests=40,
    ))
    assert first.counts.issues_expected == 100 and first.counts.issues_exported == 30
    assert (late.counts.issues_exported, late.counts.comments, late.counts.issues_expected) == (30, 9, 100)
    assert (late.chunks_total, late.chunks_done, late.requests, late.retries) == (4, 2, 50, 1)
    assert late.rate_limit_wait_seconds == 1.5 and late.phase == "extracting"

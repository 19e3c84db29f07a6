"""JobProgressReporter: throttled counts, immediate warnings, ordered outcomes and the TTL."""

import asyncio
import time
from itertools import pairwise

from eventstream_fakes import RecordingStream, VirtualTime
from reporter_helpers import JOB, close, kinds, state_changed, succeeded

from jiraex_shared.contracts import (
    JobFailed,
    JobProgressed,
)
from jiraex_shared.eventstream import DEFAULT_TERMINAL_TTL_SECONDS, JobProgressReporter, MemoryEventStream
from jiraex_shared.exporters import ExportWarning


async def test_a_thousand_counts_in_one_second_make_at_most_eleven_progress_entries(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    for n in range(1000):
        reporter.extracted(1)
        if n % 10 == 9:
            await time_.advance(0.01)
    await close(reporter, time_)
    progress = [event for _, event in await stream.everything(JOB) if isinstance(event, JobProgressed)]
    assert 10 <= len(progress) <= 11
    assert progress[-1].counts.issues_exported == 1000
    counted = [event.counts.issues_exported for event in progress]
    assert counted == sorted(counted)


async def test_progress_entries_are_spaced_by_the_throttle_in_real_time() -> None:
    stream = MemoryEventStream()
    started = time.monotonic()
    async with JobProgressReporter(stream, JOB, phase="extracting", max_per_second=10) as reporter:
        for n in range(1000):
            reporter.extracted(1)
            if n % 20 == 19:
                await asyncio.sleep(0.02)
    lifetime = time.monotonic() - started
    entries = await stream.read_after(JOB, None, count=1000)
    progress = [event for _, event in entries if isinstance(event, JobProgressed)]
    gaps = [(later.occurred_at - earlier.occurred_at).total_seconds() for earlier, later in pairwise(progress)]
    assert min(gaps) >= 0.095
    assert len(progress) <= lifetime * 10 + 1
    assert progress[-1].counts.issues_exported == 1000


async def test_counts_wait_for_the_throttle_but_are_never_lost(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.extracted(1)
    await time_.settle()
    reporter.extracted(5)
    await time_.advance(0.05)
    assert kinds(stream) == ["append:progressed=1"]
    await time_.advance(0.05)
    assert kinds(stream) == ["append:progressed=1", "append:progressed=6"]
    await time_.advance(5)
    assert len(stream.calls) == 2  # nothing changed, nothing sent


async def test_warnings_go_out_at_once_and_in_order_while_counts_are_throttled(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.extracted(1)
    await time_.settle()
    reporter.extracted(1)
    for code in ("first", "second", "third"):
        reporter.warned(ExportWarning(code=code, message="Jira said no", issue_key="ABC-1"))
    await time_.settle()
    assert kinds(stream) == ["append:progressed=1", "append:warning=first", "append:warning=second",
                             "append:warning=third"]
    await time_.advance(0.1)
    assert kinds(stream)[-1] == "append:progressed=2"


async def test_an_outcome_follows_pending_progress_then_the_stream_gets_its_ttl(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.extracted(1)
    await time_.settle()
    reporter.extracted(5)
    publishing = asyncio.create_task(reporter.publish(succeeded(6)))
    await time_.advance(0.1)
    entry_id = await publishing
    assert kinds(stream) == ["append:progressed=1", "append:progressed=6", "append:job.succeeded",
                             f"expire:{DEFAULT_TERMINAL_TTL_SECONDS}"]
    assert (await stream.everything(JOB))[-1][0] == entry_id


async def test_everything_reported_keeps_its_order(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.extracted(3)
    reporter.warned(ExportWarning(code="a", message="m"))
    state = asyncio.create_task(reporter.publish(state_changed("running", "planning")))
    await time_.settle()
    reporter.warned(ExportWarning(code="b", message="m"))
    reporter.extracted(2)
    failed = asyncio.create_task(
        reporter.publish(JobFailed(job_id=JOB, export_name="E", error_message="boom", error_kind="internal"))
    )
    await time_.advance(0.1)
    await asyncio.gather(state, failed)
    assert kinds(stream) == [
        "append:progressed=3", "append:warning=a", "append:job.state_changed", "append:warning=b",
        "append:progressed=5", "append:job.failed", f"expire:{DEFAULT_TERMINAL_TTL_SECONDS}",
    ]


async def test_a_terminal_state_change_also_sets_the_ttl(
    reporter: JobProgressReporter, stream: RecordingStream
) -> None:
    await reporter.publish(state_changed("running", "planning"))
    await reporter.publish(state_changed("cancelled", "running"))
    assert kinds(stream) == ["append:job.state_changed", "append:job.state_changed",
                             f"expire:{DEFAULT_TERMINAL_TTL_SECONDS}"]


async def test_exit_flushes_the_last_counts() -> None:
    stream = MemoryEventStream()
    async with JobProgressReporter(stream, JOB, phase="extracting") as reporter:
        reporter.extracted(1)
        await asyncio.sleep(0.01)
        reporter.extracted(2)
        reporter.downloaded(2, 4096)
    last = (await stream.read_after(JOB, None))[-1][1]
    assert isinstance(last, JobProgressed)
    assert (last.counts.issues_exported, last.counts.attachments, last.counts.attachment_bytes) == (3, 2, 4096)

"""JobProgressReporter: what PostgreSQL keeps, stream outages, contract limits, cancellation and bounded closing."""

import asyncio
import time

import pytest
import structlog
from eventstream_fakes import RecordingStream, StuckStream, VirtualTime
from reporter_helpers import JOB, close, kinds, state_changed, succeeded

from jiraex_shared.contracts import (
    ContractError,
    ExportCounts,
    JobError,
    JobFileStored,
    JobProgressed,
    JobSnapshot,
    JobWarning,
    ProgressEvent,
)
from jiraex_shared.eventstream import DEFAULT_TERMINAL_TTL_SECONDS, JobProgressReporter
from jiraex_shared.exporters import ExportWarning
from jiraex_shared.jira import RequestStats
from jiraex_shared.pipeline.progress import ProgressSink, RecordingProgress


async def test_persist_hook_gets_what_postgresql_keeps_with_stream_ids(
    stream: RecordingStream, time_: VirtualTime
) -> None:
    persisted: list[tuple[ProgressEvent, str | None]] = []

    async def persist(event: ProgressEvent, stream_id: str | None) -> None:
        persisted.append((event, stream_id))

    reporter = JobProgressReporter(stream, JOB, phase="extracting", clock=time_.clock, sleep=time_.sleep,
                                   persist=persist)
    async with reporter:
        reporter.extracted(1)
        reporter.warned(ExportWarning(code="attachment_failed", message="403"))
        await reporter.publish(state_changed("running", "planning"))
        await reporter.publish(JobError(job_id=JOB, message="timeout", kind="jira_unavailable", chunk_index=2))
        await reporter.publish(JobFileStored(job_id=JOB, path="issues.csv", size=1, sha256="0" * 64,
                                             content_type="text/csv"))
        await reporter.publish(succeeded(1))
        await close(reporter, time_)
    entries = dict(await stream.everything(JOB))
    assert [type(event).__name__ for event, _ in persisted] == ["JobWarning", "JobStateChanged", "JobError",
                                                              "JobSucceeded"]
    assert all(entries[stream_id] == event for event, stream_id in persisted if stream_id is not None)


async def test_a_failing_persist_hook_loses_neither_the_entry_nor_later_events(
    stream: RecordingStream, time_: VirtualTime
) -> None:
    async def persist(event: ProgressEvent, stream_id: str | None) -> None:
        raise OSError("postgresql is down")

    reporter = JobProgressReporter(stream, JOB, phase="extracting", clock=time_.clock, sleep=time_.sleep,
                                   persist=persist)
    async with reporter:
        with structlog.testing.capture_logs() as logs:
            assert await reporter.publish(state_changed("running", "planning")) is not None
            assert await reporter.publish(succeeded(0)) is not None
        await close(reporter, time_)
    assert [event["event"] for event in logs] == ["progress_persist_failed"] * 2
    assert kinds(stream)[:3] == ["append:job.state_changed", "append:job.succeeded",
                                 f"expire:{DEFAULT_TERMINAL_TTL_SECONDS}"]


async def test_a_stream_outage_is_retried_for_events_and_never_raised(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    stream.failures_left = 1
    publishing = asyncio.create_task(reporter.publish(JobError(job_id=JOB, message="m", kind="storage")))
    await time_.advance(0.2)
    assert await publishing is not None
    stream.failures_left = 10
    with structlog.testing.capture_logs() as logs:
        publishing = asyncio.create_task(reporter.publish(JobError(job_id=JOB, message="m", kind="storage")))
        await time_.advance(1.0)
        assert await publishing is None
        reporter.extracted(1)  # progress is tried once: the next figures supersede it
        await time_.settle()
    assert [call for call, _ in stream.calls] == ["failed", "append", "failed", "failed", "failed", "failed"]
    assert [event["event"] for event in logs] == ["progress_append_failed"] * 2
    stream.failures_left = 0
    reporter.extracted(1)
    await time_.advance(0.1)
    assert kinds(stream)[-1] == "append:progressed=2"


async def test_publish_refuses_what_does_not_belong_in_it(
    reporter: JobProgressReporter, stream: RecordingStream
) -> None:
    with pytest.raises(ValueError, match="throttled"):
        await reporter.publish(JobProgressed(job_id=JOB, phase="extracting"))
    with pytest.raises(ValueError, match="throttled"):
        await reporter.publish(JobSnapshot(job_id=JOB, state="running", export_name="E"))
    with pytest.raises(ValueError, match="job-2"):
        await reporter.publish(JobError(job_id="job-2", message="m", kind="storage"))
    with pytest.raises(ContractError):
        await reporter.publish(JobError(job_id=JOB, message="m", kind="k" * 65))
    assert await reporter.publish(JobError(job_id=JOB, message="m", kind="storage")) is not None
    assert kinds(stream) == ["append:job.error"]


async def test_publish_needs_a_running_reporter(stream: RecordingStream, time_: VirtualTime) -> None:
    reporter = JobProgressReporter(stream, JOB, phase="extracting", clock=time_.clock, sleep=time_.sleep)
    with pytest.raises(RuntimeError, match="not running"):
        await reporter.publish(succeeded(0))
    async with reporter:
        await close(reporter, time_)
    with pytest.raises(RuntimeError, match="not running"):
        await reporter.publish(succeeded(0))
    with structlog.testing.capture_logs() as logs:
        reporter.warned(ExportWarning(code="late", message="m"))
    assert logs[0]["event"] == "progress_warning_dropped"
    with pytest.raises(ValueError, match="max_per_second"):
        JobProgressReporter(stream, JOB, phase="extracting", max_per_second=0)


async def test_an_outcome_is_delivered_even_if_its_publisher_is_cancelled(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.extracted(1)
    await time_.settle()
    reporter.extracted(1)
    publishing = asyncio.create_task(reporter.publish(succeeded(2)))
    await time_.settle()
    publishing.cancel()
    await time_.advance(0.1)
    assert kinds(stream)[-2:] == ["append:job.succeeded", f"expire:{DEFAULT_TERMINAL_TTL_SECONDS}"]


async def test_long_warnings_are_cut_to_the_contract_limits(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    reporter.warned(ExportWarning(code="c" * 100, message="m" * 10_000, issue_key="K" * 300))
    reporter.warned(ExportWarning(code="", message="no code"))
    await time_.settle()
    (_, long), (_, empty) = await stream.everything(JOB)
    assert isinstance(long, JobWarning)
    assert isinstance(empty, JobWarning)
    assert (len(long.code), len(long.message), len(long.issue_key or "")) == (64, 8_192, 255)
    assert empty.code == "warning"


async def test_progress_carries_the_jira_request_figures_and_reports_when_only_they_change(
    stream: RecordingStream, time_: VirtualTime
) -> None:
    stats = RequestStats()
    reporter = JobProgressReporter(stream, JOB, phase="planning", clock=time_.clock, sleep=time_.sleep,
                                   stats=stats)
    async with reporter:
        await time_.advance(3.0)
        assert stream.calls == []  # nothing moved
        stats.requests, stats.retries, stats.throttled, stats.wait_seconds = 12, 2, 1, 3.5
        await time_.advance(1.0)
        await close(reporter, time_)
    (_, event), = await stream.everything(JOB)
    assert isinstance(event, JobProgressed)
    assert (event.requests, event.retries, event.rate_limit_waits, event.rate_limit_wait_seconds) == (12, 2, 1, 3.5)
    assert event.phase == "planning"


async def test_worker_set_figures_and_enumeration_shape_the_progress(
    reporter: JobProgressReporter, stream: RecordingStream, time_: VirtualTime
) -> None:
    sink: ProgressSink = RecordingProgress(reporter)  # what the pipeline steps wrap it in
    sink.enumerated(0, expected=900)
    sink.enumerated(100)
    assert reporter.counts.issues_expected == 900
    reporter.enumerated(1000, expected=950)  # more enumerated than Jira estimated: trust what we saw
    assert reporter.counts.issues_expected == 1100
    reporter.counts = ExportCounts(issues_expected=1100, issues_exported=500, comments=7)
    reporter.extracted(10)
    reporter.chunks_total, reporter.chunks_done, reporter.phase = 3, 1, "extracting"
    await time_.advance(0.1)
    event = (await stream.everything(JOB))[-1][1]
    assert isinstance(event, JobProgressed)
    assert event.counts == ExportCounts(issues_expected=1100, issues_exported=510, comments=7)
    assert (event.chunks_total, event.chunks_done, event.phase) == (3, 1, "extracting")
    assert (reporter.chunks_total, reporter.chunks_done, reporter.phase) == (3, 1, "extracting")


async def test_closing_is_bounded_when_the_stream_hangs_and_publishers_still_get_an_answer() -> None:
    reporter = JobProgressReporter(StuckStream(), JOB, phase="extracting", close_timeout=0.2)
    async with reporter:
        first = asyncio.create_task(reporter.publish(JobError(job_id=JOB, message="m", kind="storage")))
        second = asyncio.create_task(reporter.publish(succeeded(0)))
        await asyncio.sleep(0.01)
        started = time.monotonic()
        with structlog.testing.capture_logs() as logs:
            await reporter.aclose()
    assert time.monotonic() - started < 1.0
    assert [entry["event"] for entry in logs] == ["progress_close_timed_out"]
    assert await asyncio.wait_for(asyncio.gather(first, second), 1) == [None, None]

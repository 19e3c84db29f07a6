"""Helpers the JobProgressReporter tests share: the job id, closing on virtual time, readable stream calls."""

import asyncio

import msgspec
from eventstream_fakes import RecordingStream, VirtualTime

from jiraex_shared.contracts import (
    ExportCounts,
    JobProgressed,
    JobStateChanged,
    JobSucceeded,
    JobWarning,
)
from jiraex_shared.eventstream import JobProgressReporter

JOB = "job-1"


async def close(reporter: JobProgressReporter, time_: VirtualTime) -> None:
    closing = asyncio.create_task(reporter.aclose())
    await time_.advance(1.0)
    await closing


def kinds(stream: RecordingStream) -> list[str]:
    return [f"{call}:{_label(value)}" for call, value in stream.calls]


def _label(value: object) -> str:
    if isinstance(value, JobProgressed):
        return f"progressed={value.counts.issues_exported}"
    if isinstance(value, JobWarning):
        return f"warning={value.code}"
    if isinstance(value, msgspec.Struct):
        return str(value.__struct_config__.tag)
    return str(value)


def state_changed(state: str, previous: str | None = None) -> JobStateChanged:
    return JobStateChanged(job_id=JOB, state=state, previous_state=previous)  # type: ignore[arg-type]


def succeeded(issues: int) -> JobSucceeded:
    return JobSucceeded(job_id=JOB, export_name="Export", counts=ExportCounts(issues_exported=issues))

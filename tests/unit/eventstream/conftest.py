"""Fixtures of the JobProgressReporter tests: a recording stream and a running reporter on virtual time."""

from collections.abc import AsyncIterator

import pytest
from eventstream_fakes import RecordingStream, VirtualTime
from reporter_helpers import JOB, close

from jiraex_shared.eventstream import JobProgressReporter


@pytest.fixture
def time_() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def stream() -> RecordingStream:
    return RecordingStream()


@pytest.fixture
async def reporter(stream: RecordingStream, time_: VirtualTime) -> AsyncIterator[JobProgressReporter]:
    """A running reporter on virtual time; closed (advancing time for its last flush) afterwards."""
    running = JobProgressReporter(stream, JOB, phase="extracting", clock=time_.clock, sleep=time_.sleep)
    async with running:
        yield running
        await close(running, time_)

"""How one job's events reach its stream (bounded retries, TTL after the outcome) and PostgreSQL."""

import asyncio
from collections.abc import Awaitable, Callable

from jiraex_shared.contracts.errors import ContractError
from jiraex_shared.contracts.events import JobFinished
from jiraex_shared.contracts.progress import TERMINAL_STATES, JobError, JobStateChanged, JobWarning, ProgressEvent
from jiraex_shared.eventstream.protocol import EventStream
from jiraex_shared.log import get_logger

PersistHook = Callable[[ProgressEvent, str | None], Awaitable[None]]
"""Records an event in PostgreSQL; gets the stream id, or None when the append failed."""

DEFAULT_TERMINAL_TTL_SECONDS = 3_600
# Redis is a cache for progress: an append that cannot finish in time is given up so the export goes on.
APPEND_TIMEOUT_SECONDS = 5.0
APPEND_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.2

PERSISTED_EVENTS = (JobWarning, JobError, JobStateChanged, JobFinished)


def is_terminal(event: ProgressEvent) -> bool:
    """True for a job outcome: JobSucceeded & co., or a state change into a terminal state."""
    return isinstance(event, JobFinished) or (isinstance(event, JobStateChanged) and event.state in TERMINAL_STATES)


class EventDelivery:
    """Appends, expires and persists; stream failures are logged and reported as a None id, never raised.

    The job must not fail because Redis did. Only ``ContractError`` (an event no reader could
    decode: a bug in its producer) propagates.
    """

    def __init__(
        self,
        stream: EventStream,
        job_id: str,
        *,
        sleep: Callable[[float], Awaitable[None]],
        persist: PersistHook | None,
        terminal_ttl_seconds: int,
    ) -> None:
        self._stream = stream
        self._job_id = job_id
        self._sleep = sleep
        self._persist = persist
        self._terminal_ttl = terminal_ttl_seconds

    async def deliver(self, event: ProgressEvent) -> str | None:
        """Append with retries; after an outcome set the TTL; then persist what PostgreSQL keeps."""
        stream_id = await self.append(event, attempts=APPEND_ATTEMPTS)
        if is_terminal(event):
            await self._expire()
        if self._persist is not None and isinstance(event, PERSISTED_EVENTS):
            try:
                await self._persist(event, stream_id)
            except Exception as error:  # the stream entry is out; history in PostgreSQL is best effort
                get_logger(__name__).exception(
                    "progress_persist_failed", job_id=self._job_id, event_type=event_tag(event), error=str(error)
                )
        return stream_id

    async def append(self, event: ProgressEvent, *, attempts: int = 1) -> str | None:
        for attempt in range(1, attempts + 1):
            try:
                async with asyncio.timeout(APPEND_TIMEOUT_SECONDS):
                    return await self._stream.append(self._job_id, event)
            except ContractError:
                raise
            except Exception as error:  # Redis down or slow: a cache miss, not a job failure
                if attempt == attempts:
                    get_logger(__name__).warning(
                        "progress_append_failed", job_id=self._job_id, event_type=event_tag(event), error=repr(error)
                    )
                    return None
                await self._sleep(RETRY_DELAY_SECONDS * attempt)
        return None

    async def _expire(self) -> None:
        try:
            async with asyncio.timeout(APPEND_TIMEOUT_SECONDS):
                await self._stream.expire(self._job_id, self._terminal_ttl)
        except Exception as error:  # the stream then lives until Redis evicts it; nothing is lost
            get_logger(__name__).warning("progress_expire_failed", job_id=self._job_id, error=repr(error))


def event_tag(event: ProgressEvent) -> str:
    return str(event.__struct_config__.tag)

"""The event-stream port: an append-only, replayable, followable log of one job's progress events."""

from typing import Protocol

from jiraex_shared.contracts.progress import ProgressEvent

DEFAULT_MAXLEN = 10_000

StreamEntry = tuple[str, ProgressEvent]
"""``(stream id, event)``; the id is "<milliseconds>-<sequence>" and doubles as the SSE ``id:``."""


class EventStream(Protocol):
    """One stream per job. Redis Streams in the services, memory in embedded mode; both behave the same.

    Ids grow strictly within a stream. Entries past ``maxlen`` are trimmed from the oldest end (at
    least ``maxlen`` are kept), so a reader compares ``first_id`` with its last id to detect a gap.
    A ``last_id`` that is not a complete "<ms>-<seq>" id raises ``ValueError``.
    """

    async def append(self, job_id: str, event: ProgressEvent) -> str:
        """Add ``event`` and return its new id; raise ``ContractError`` if a reader could not decode it."""
        ...

    async def read_after(self, job_id: str, last_id: str | None, *, count: int = 500) -> list[StreamEntry]:
        """Up to ``count`` entries after ``last_id`` (exclusive), oldest first; None reads from the start."""
        ...

    async def follow(
        self, job_id: str, last_id: str | None, *, block_ms: int, count: int = 500
    ) -> list[StreamEntry]:
        """Entries after ``last_id``, waiting up to ``block_ms`` for one to arrive; [] on timeout.

        ``last_id`` None means "only what is appended from now on" (XREAD's ``$``). ``block_ms`` 0
        waits indefinitely, as XREAD BLOCK 0 does.
        """
        ...

    async def first_id(self, job_id: str) -> str | None:
        """The oldest retained id, None when the stream does not exist (never written, expired or lost)."""
        ...

    async def expire(self, job_id: str, seconds: int) -> None:
        """Delete the stream ``seconds`` from now (set after the terminal event); appends keep the deadline."""
        ...


def check_read_limits(count: int, block_ms: int = 0) -> None:
    """Reject what XRANGE/XREAD would: both implementations fail alike on a bad ``count`` or ``block_ms``."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if block_ms < 0:
        raise ValueError("block_ms must not be negative")

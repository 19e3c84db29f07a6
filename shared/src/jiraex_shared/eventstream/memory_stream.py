"""The event stream in process memory, for embedded mode: Redis's id, trimming and expiry rules without Redis."""

import asyncio
import bisect
import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from jiraex_shared.contracts.codec import decode_progress_event
from jiraex_shared.contracts.progress import ProgressEvent
from jiraex_shared.eventstream.entries import encode_entry
from jiraex_shared.eventstream.ids import StreamId, format_stream_id, next_stream_id, parse_stream_id
from jiraex_shared.eventstream.protocol import DEFAULT_MAXLEN, StreamEntry, check_read_limits


@dataclass
class _Stream:
    ids: list[StreamId] = field(default_factory=list)
    entries: list[StreamEntry] = field(default_factory=list)
    last: StreamId = (0, 0)
    expires_at: float | None = None


@dataclass
class _Signal:
    """Set (and replaced) by every append; ``waiters`` lets the last follower drop it."""

    event: asyncio.Event = field(default_factory=asyncio.Event)
    waiters: int = 0


class MemoryEventStream:
    """An `EventStream` for one event loop, with the Redis implementation's semantics.

    Ids are "<ms>-<seq>" from ``clock`` (Unix seconds, like Redis's server time), strictly
    increasing per stream even within one millisecond or when the clock steps back. Trimming is
    exact (Redis keeps at least ``maxlen``, so readers must already allow for "at least"). Expired
    streams vanish when next touched, and every operation first drops the streams that are due.
    Each entry is stored as a reader would decode it, so both implementations return equal events.
    """

    def __init__(self, *, maxlen: int = DEFAULT_MAXLEN, clock: Callable[[], float] = time.time) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self._maxlen = maxlen
        self._clock = clock
        self._streams: dict[str, _Stream] = {}
        self._deadlines: list[tuple[float, str]] = []
        self._signals: dict[str, _Signal] = {}

    async def append(self, job_id: str, event: ProgressEvent) -> str:
        stored = decode_progress_event(encode_entry(event))
        self._drop_expired()
        stream = self._streams.setdefault(job_id, _Stream())
        stream.last = next_stream_id(stream.last, int(self._clock() * 1000))
        entry_id = format_stream_id(stream.last)
        stream.ids.append(stream.last)
        stream.entries.append((entry_id, stored))
        if len(stream.ids) > self._maxlen:
            excess = len(stream.ids) - self._maxlen
            del stream.ids[:excess], stream.entries[:excess]
        signal = self._signals.pop(job_id, None)
        if signal is not None:
            signal.event.set()
        return entry_id

    async def read_after(self, job_id: str, last_id: str | None, *, count: int = 500) -> list[StreamEntry]:
        check_read_limits(count)
        after = (0, 0) if last_id is None else parse_stream_id(last_id)
        return self._after(job_id, after, count)

    async def follow(
        self, job_id: str, last_id: str | None, *, block_ms: int, count: int = 500
    ) -> list[StreamEntry]:
        check_read_limits(count, block_ms)
        if last_id is None:
            self._drop_expired()
            stream = self._streams.get(job_id)
            after = stream.last if stream else (0, 0)
        else:
            after = parse_stream_id(last_id)
        loop = asyncio.get_running_loop()
        deadline = None if block_ms == 0 else loop.time() + block_ms / 1000
        try:
            async with asyncio.timeout_at(deadline):
                while not (found := self._after(job_id, after, count)):
                    await self._next_append(job_id)
        except TimeoutError:
            return []
        return found

    async def first_id(self, job_id: str) -> str | None:
        self._drop_expired()
        stream = self._streams.get(job_id)
        return stream.entries[0][0] if stream and stream.entries else None

    async def expire(self, job_id: str, seconds: int) -> None:
        self._drop_expired()
        stream = self._streams.get(job_id)
        if stream is None:
            return
        if seconds <= 0:
            del self._streams[job_id]
            return
        stream.expires_at = self._clock() + seconds
        heapq.heappush(self._deadlines, (stream.expires_at, job_id))

    def _after(self, job_id: str, after: StreamId, count: int) -> list[StreamEntry]:
        self._drop_expired()
        stream = self._streams.get(job_id)
        if stream is None:
            return []
        start = bisect.bisect_right(stream.ids, after)
        return stream.entries[start : start + count]

    async def _next_append(self, job_id: str) -> None:
        signal = self._signals.setdefault(job_id, _Signal())
        signal.waiters += 1
        try:
            await signal.event.wait()
        finally:
            signal.waiters -= 1
            if signal.waiters == 0 and self._signals.get(job_id) is signal:
                del self._signals[job_id]

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._deadlines and self._deadlines[0][0] <= now:
            due, job_id = heapq.heappop(self._deadlines)
            stream = self._streams.get(job_id)
            # A later expire() moved the deadline (its own heap item will come), or the stream was renewed.
            if stream is not None and stream.expires_at == due:
                del self._streams[job_id]

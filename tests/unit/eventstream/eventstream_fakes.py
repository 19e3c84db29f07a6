"""Test doubles for the event-stream tests: a settable clock, virtual time, and a stream that records or fails."""

import asyncio
import heapq
import itertools

from jiraex_shared.contracts.progress import ProgressEvent
from jiraex_shared.eventstream import MemoryEventStream, StreamEntry


class ManualClock:
    """A wall clock (Unix seconds) that moves only when a test sets or advances it."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class VirtualTime:
    """`clock()` reads virtual seconds; `await sleep(s)` returns only once `advance` moves past it."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), waiter))
        await waiter

    async def settle(self) -> None:
        for _ in range(20):
            await asyncio.sleep(0)

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking each sleeper at its own instant, in order."""
        target = self.now + seconds
        await self.settle()
        while self._sleepers and self._sleepers[0][0] <= target:
            when, _, waiter = heapq.heappop(self._sleepers)
            self.now = max(self.now, when)
            if not waiter.done():
                waiter.set_result(None)
            await self.settle()
        self.now = target
        await self.settle()


class RecordingStream(MemoryEventStream):
    """A memory stream that logs every append and expire, and can fail the next few appends."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, object]] = []
        self.failures_left = 0

    async def append(self, job_id: str, event: ProgressEvent) -> str:
        if self.failures_left > 0:
            self.failures_left -= 1
            self.calls.append(("failed", event))
            raise ConnectionError("redis is down")
        entry_id = await super().append(job_id, event)
        self.calls.append(("append", event))
        return entry_id

    async def expire(self, job_id: str, seconds: int) -> None:
        self.calls.append(("expire", seconds))
        await super().expire(job_id, seconds)

    async def everything(self, job_id: str) -> list[StreamEntry]:
        return await self.read_after(job_id, None, count=100_000)


class StuckStream(MemoryEventStream):
    """A stream whose appends hang, like a Redis behind a network blackhole."""

    async def append(self, job_id: str, event: ProgressEvent) -> str:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

"""A virtual clock for the rate governor tests: sleeps wait for `advance`, not for real time."""

import asyncio
import heapq
import itertools


class VirtualClock:
    """`clock()` reads virtual time; `await clock.sleep(s)` waits until `advance` moves past it."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), waiter))
        await waiter

    async def settle(self) -> None:
        """Let every runnable task run until it blocks again."""
        for _ in range(50):
            await asyncio.sleep(0)

    async def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`, waking each sleeper at its own instant, in order."""
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

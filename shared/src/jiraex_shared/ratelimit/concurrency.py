"""Adaptive per-process concurrency towards one Jira site: additive increase, multiplicative decrease."""

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class AdaptiveConcurrency:
    """A FIFO semaphore whose size follows AIMD: +1 after a run of successes, halved on a throttle, held on a warning.

    The limit stays within [minimum, maximum]. Waiters are served strictly in arrival order, so
    none starves, and a newcomer never overtakes one already waiting. When the limit shrinks,
    requests in flight finish normally and no new one starts until the count is under the limit.
    """

    def __init__(
        self,
        *,
        initial: int,
        minimum: int = 1,
        maximum: int,
        successes_per_increase: int | None = None,
        throttle_cooldown: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`successes_per_increase` defaults to the current limit: one step per full round of requests.

        Throttles within `throttle_cooldown` seconds of a decrease are one event (the requests that
        were in flight together all get the same 429), so they halve the limit once, not each.
        """
        if not 1 <= minimum <= maximum:
            raise ValueError(f"need 1 <= minimum <= maximum, got minimum={minimum}, maximum={maximum}")
        if successes_per_increase is not None and successes_per_increase < 1:
            raise ValueError("successes_per_increase must be at least 1")
        self._minimum, self._maximum = minimum, maximum
        self._limit = min(max(initial, minimum), maximum)
        self._successes_per_increase = successes_per_increase
        self._cooldown = throttle_cooldown
        self._clock = clock
        self._last_decrease = -float("inf")
        self._successes = 0
        self._in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        self._limit = min(max(value, self._minimum), self._maximum)
        self._wake()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def waiting(self) -> int:
        return sum(1 for waiter in self._waiters if not waiter.done())

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `limit` slots for the duration of the block."""
        await self._enter()
        try:
            yield
        finally:
            self._in_flight -= 1
            self._wake()

    async def _enter(self) -> None:
        if self._in_flight < self._limit and not self._waiters:
            self._in_flight += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                # The slot was handed over just as we were cancelled: pass it on.
                self._in_flight -= 1
                self._wake()
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def _wake(self) -> None:
        # A woken waiter owns its slot at once (counted here), so nobody can barge in before it runs.
        while self._waiters and self._in_flight < self._limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_flight += 1
                waiter.set_result(None)

    def on_success(self) -> None:
        """Record a request that was not throttled; enough of them raise the limit by one."""
        self._successes += 1
        if self._successes >= (self._successes_per_increase or self._limit):
            self._successes = 0
            self.limit = self._limit + 1

    def on_near_limit(self) -> None:
        """Record a success that warned the site's budget is nearly spent (Cloud's ``X-RateLimit-NearLimit``).

        It does not count towards growth: at the limit where the budget just lasts, one more parallel request
        would only earn 429s. The limit is not lowered either — the warning is normal when running at the rate
        the site allows, and a real 429 still halves it.
        """
        self._successes = 0

    def on_throttle(self) -> None:
        """Record a 429/503: halve the limit, once per cooldown."""
        now = self._clock()
        self._successes = 0
        if now - self._last_decrease < self._cooldown:
            return
        self._last_decrease = now
        self.limit = self._limit // 2

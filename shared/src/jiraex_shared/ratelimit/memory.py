"""The in-process rate governor: GCRA token buckets and site pauses for the embedded mode."""

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from jiraex_shared.ratelimit.protocol import check_rate, pause_length

# How late a waiter may be without losing its turn; see acquire.lua for why.
_MAX_CATCH_UP = 0.02


@dataclass
class _Site:
    interval: float | None = None  # seconds between requests; None = unlimited
    tolerance: float = 0.0  # how far ahead of the schedule a burst may run
    tat: float = -math.inf  # GCRA theoretical arrival time of the next request
    paused_until: float = -math.inf
    # Waiters queue here in FIFO order, so only the head watches the clock and none starves.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class MemoryRateGovernor:
    """A `RateGovernor` whose buckets live in this process (the embedded mode, or no Redis)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        max_sleep: float = 1.0,
    ) -> None:
        """Inject `clock` and `sleep` for deterministic tests.

        A waiter re-checks at least every `max_sleep` seconds, so a rate raised while it waits takes
        effect promptly.
        """
        self._clock = clock
        self._sleep = sleep
        self._max_sleep = max_sleep
        self._sites: dict[str, _Site] = {}

    def _site(self, site: str) -> _Site:
        state = self._sites.get(site)
        if state is None:
            state = self._sites[site] = _Site()
        return state

    async def acquire(self, site: str) -> None:
        state = self._site(site)
        async with state.lock:
            while (wait := self._attempt(state)) > 0:
                await self._sleep(min(wait, self._max_sleep))

    async def try_acquire(self, site: str) -> float:
        """Take a token if one is free now and return 0, else return the seconds to wait first.

        Does not queue: a caller that loops on this may overtake tasks waiting in `acquire`.
        """
        return self._attempt(self._site(site))

    def _attempt(self, state: _Site) -> float:
        now = self._clock()
        if state.paused_until > now:
            return state.paused_until - now
        if state.interval is None:
            return 0.0
        # Lateness of up to a quarter interval (20 ms at most) is credited, as in acquire.lua.
        tat = max(state.tat, now - min(state.interval / 4, _MAX_CATCH_UP))
        allowed_at = tat - state.tolerance
        if allowed_at > now:
            return allowed_at - now
        state.tat = tat + state.interval
        return 0.0

    async def pause(self, site: str, seconds: float) -> None:
        state = self._site(site)
        state.paused_until = max(state.paused_until, self._clock() + pause_length(seconds))

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        per_second, burst = check_rate(per_second, burst)
        state = self._site(site)
        state.interval = None if per_second is None else 1.0 / per_second
        state.tolerance = 0.0 if state.interval is None else state.interval * (burst - 1)

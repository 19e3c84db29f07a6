"""The shared rate governor: GCRA buckets and site pauses in Redis, one atomic Lua script per attempt."""

import asyncio
import math

from redis.asyncio import Redis

from jiraex_shared.ratelimit.protocol import check_rate, pause_length
from jiraex_shared.ratelimit.scripts import lua_source

_MICROS = 1_000_000


class RedisRateGovernor:
    """A `RateGovernor` whose buckets, pauses and rates live in Redis, so every process agrees.

    Keys per site: `<prefix>rate:{<site>}:tat` (GCRA schedule), `…:pause` (pause deadline) and
    `…:conf` (rate and burst); the braces make the site a hash tag, so a cluster keeps them in one
    slot. Each expires once it no longer matters; the rate after `idle_ttl` seconds unused.
    All times are Redis server time. Needs Redis 5 or later (scripts that read TIME and then write).
    """

    def __init__(
        self, redis: Redis, *, prefix: str = "jiraex:", idle_ttl: float = 86_400.0, max_sleep: float = 1.0
    ) -> None:
        """`redis` is a `redis.asyncio.Redis` client owned by the caller; nothing is sent until used.

        A waiter re-asks Redis at least every `max_sleep` seconds, so a rate raised by another
        process takes effect promptly.
        """
        self._prefix = prefix
        self._idle_ttl_ms = max(1, math.ceil(idle_ttl * 1000))
        self._max_sleep = max_sleep
        # register_script sends EVALSHA and falls back to loading the script when Redis lacks it.
        self._acquire_script = redis.register_script(lua_source("acquire"))
        self._pause_script = redis.register_script(lua_source("pause"))
        self._redis = redis
        # The rate and burst each site was given in this process (as stored: "0" is unlimited), to
        # restore them should the hash expire.
        self._rates: dict[str, tuple[str, str]] = {}
        # Waiters of this process queue locally so only one per site polls Redis.
        self._locks: dict[str, asyncio.Lock] = {}
        # Pause deadlines (event-loop time) this process was given, known before Redis has stored them:
        # a task whose token Redis granted just before another task's pause landed must not send anyway
        # (found by the Jira fault test R7, which counts requests sent before Retry-After ran out).
        self._paused_until: dict[str, float] = {}

    def _key(self, site: str, name: str) -> str:
        return f"{self._prefix}rate:{{{site}}}:{name}"

    async def acquire(self, site: str) -> None:
        lock = self._locks.get(site)
        if lock is None:
            lock = self._locks[site] = asyncio.Lock()
        loop = asyncio.get_running_loop()
        async with lock:
            while True:
                local = self._paused_until.get(site, 0.0) - loop.time()
                wait = local if local > 0 else await self.try_acquire(site)
                # Re-checked after the round trip: a 429 read meanwhile wins over the token (which is lost).
                if wait <= 0 and self._paused_until.get(site, 0.0) <= loop.time():
                    return  # the caller sends at once, without yielding to the event loop first
                await asyncio.sleep(min(max(wait, 0.0), self._max_sleep))

    async def try_acquire(self, site: str) -> float:
        """Take a token if one is free now and return 0, else return the seconds to wait first."""
        fallback = self._rates.get(site, ("", "1"))
        keys = [self._key(site, "tat"), self._key(site, "pause"), self._key(site, "conf")]
        waited = await self._acquire_script(keys=keys, args=[*fallback, self._idle_ttl_ms])
        return int(waited) / _MICROS

    async def pause(self, site: str, seconds: float) -> None:
        length = pause_length(seconds)
        # Known to this process's waiters before the first await; Redis then tells the other processes.
        deadline = asyncio.get_running_loop().time() + length
        self._paused_until[site] = max(self._paused_until.get(site, 0.0), deadline)
        await self._pause_script(keys=[self._key(site, "pause")], args=[math.ceil(length * _MICROS)])

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        per_second, burst = check_rate(per_second, burst)
        rate = "0" if per_second is None else repr(per_second)
        self._rates[site] = (rate, str(burst))
        conf = self._key(site, "conf")
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(conf, mapping={"rate": rate, "burst": str(burst)})
            pipe.pexpire(conf, self._idle_ttl_ms)
            await pipe.execute()

"""Login throttling: failure counters per account and per client address in fixed windows (Redis or memory).

Both counters are checked before a password is verified, so a throttled caller costs no argon2 work; only
failures count, and a window ends on its own, so an attacker can slow a victim's logins but never lock the
account for good (ASVS 6.3.1). Unknown e-mail addresses are counted exactly like known ones.
"""

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis


@dataclass(frozen=True)
class ThrottlePolicy:
    account_failures: int = 5
    address_failures: int = 20
    window_seconds: int = 900


class LoginThrottle(Protocol):
    async def blocked_for(self, email: str, address: str) -> int:
        """Seconds until a login for ``email`` from ``address`` may be tried again; 0 when allowed now."""
        ...

    async def record_failure(self, email: str, address: str) -> None: ...

    async def record_success(self, email: str, address: str) -> None:
        """Clear the account's counter (the address counter keeps counting other accounts' failures)."""
        ...


def _keys(email: str, address: str) -> tuple[str, str]:
    # Hashed so the store never holds the e-mail addresses people typed (some are passwords typed in the
    # wrong field).
    return "acct:" + hashlib.sha256(email.encode()).hexdigest(), "addr:" + address


class MemoryLoginThrottle:
    """In-process counters (embedded mode, one API process); ``clock`` is monotonic seconds."""

    def __init__(self, policy: ThrottlePolicy | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._policy = policy or ThrottlePolicy()
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}

    async def blocked_for(self, email: str, address: str) -> int:
        account, peer = _keys(email, address)
        return max(
            self._wait(account, self._policy.account_failures), self._wait(peer, self._policy.address_failures)
        )

    async def record_failure(self, email: str, address: str) -> None:
        now = self._clock()
        for key in _keys(email, address):
            ends, count = self._windows.get(key, (0.0, 0))
            self._windows[key] = (ends, count + 1) if ends > now else (now + self._policy.window_seconds, 1)
        if len(self._windows) > 100_000:  # forget ended windows so a spray of addresses cannot grow memory forever
            self._windows = {key: value for key, value in self._windows.items() if value[0] > now}

    async def record_success(self, email: str, address: str) -> None:
        self._windows.pop(_keys(email, address)[0], None)

    def _wait(self, key: str, limit: int) -> int:
        ends, count = self._windows.get(key, (0.0, 0))
        remaining = ends - self._clock()
        return math.ceil(remaining) if count >= limit and remaining > 0 else 0


class RedisLoginThrottle:
    """Counters in Redis shared by every API replica: INCR, and EXPIRE NX starts the window on the first failure."""

    def __init__(self, redis: Redis, *, key_prefix: str = "", policy: ThrottlePolicy | None = None) -> None:
        self._redis = redis
        self._prefix = key_prefix + "login-throttle:"
        self._policy = policy or ThrottlePolicy()

    async def blocked_for(self, email: str, address: str) -> int:
        account, peer = (self._prefix + key for key in _keys(email, address))
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in (account, peer):
                pipe.get(key)
                pipe.ttl(key)
            account_count, account_ttl, peer_count, peer_ttl = await pipe.execute()
        waits = [
            _wait(account_count, account_ttl, self._policy.account_failures),
            _wait(peer_count, peer_ttl, self._policy.address_failures),
        ]
        return max(waits)

    async def record_failure(self, email: str, address: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            for key in _keys(email, address):
                pipe.incr(self._prefix + key)
                pipe.expire(self._prefix + key, self._policy.window_seconds, nx=True)
            await pipe.execute()

    async def record_success(self, email: str, address: str) -> None:
        await self._redis.delete(self._prefix + _keys(email, address)[0])


def _wait(count: bytes | str | None, ttl: int, limit: int) -> int:
    return max(int(ttl), 1) if count is not None and int(count) >= limit else 0

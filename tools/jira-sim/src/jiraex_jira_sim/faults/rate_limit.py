"""Token buckets per credential, the way Jira's burst limits answer 429."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    # Seconds until one token is available (only meaningful when not allowed).
    wait: float
    # Seconds until the bucket is full again (for X-RateLimit-Reset).
    full_in: float


class _Bucket:
    __slots__ = ("tokens", "updated")

    def __init__(self, tokens: float, updated: float) -> None:
        self.tokens = tokens
        self.updated = updated


class TokenBuckets:
    """A continuously refilled bucket of ``capacity`` tokens at ``rate`` tokens/s per key."""

    def __init__(self, rate: float, capacity: int) -> None:
        self.rate = rate
        self.capacity = capacity if capacity > 0 else max(1, math.ceil(rate))
        self._buckets: dict[str, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str, now: float) -> RateDecision:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(float(self.capacity), now)
            self._buckets[key] = bucket
        bucket.tokens = min(float(self.capacity), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return RateDecision(True, self.capacity, int(bucket.tokens), 0.0, self._full_in(bucket))
        wait = (1.0 - bucket.tokens) / self.rate
        return RateDecision(False, self.capacity, 0, wait, self._full_in(bucket))

    def _full_in(self, bucket: _Bucket) -> float:
        return (self.capacity - bucket.tokens) / self.rate

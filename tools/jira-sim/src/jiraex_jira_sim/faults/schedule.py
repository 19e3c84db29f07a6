"""Recurring time windows (429 storms, blackholes) anchored at the moment they were configured."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WindowSchedule:
    """Windows ``[anchor + start_after + k*every, … + duration)`` for k = 0, 1, … (only k = 0 if every = 0)."""

    anchor: float
    start_after: float
    duration: float
    every: float

    @property
    def enabled(self) -> bool:
        return self.duration > 0

    def remaining(self, now: float) -> float:
        """Seconds left in the window containing ``now``, or 0.0 outside every window."""
        if not self.enabled:
            return 0.0
        elapsed = now - self.anchor - self.start_after
        if elapsed < 0:
            return 0.0
        if self.every > 0:
            elapsed = math.fmod(elapsed, self.every)
        elif elapsed >= self.duration:
            return 0.0
        return self.duration - elapsed if elapsed < self.duration else 0.0

    def next_start(self, now: float) -> float | None:
        """When the next window opens (``now`` if one is open), or None if none will."""
        if not self.enabled:
            return None
        first = self.anchor + self.start_after
        if now < first:
            return first
        if self.remaining(now) > 0:
            return now
        if self.every <= 0:
            return None
        periods = math.floor((now - first) / self.every) + 1
        return first + periods * self.every

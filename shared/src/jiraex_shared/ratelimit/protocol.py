"""The rate governor port: one token bucket and one pause per Jira site, shared by all its clients."""

import math
from typing import Protocol

# Retry-After may say 0 (pycontribs/jira#1805); retrying at once only earns another 429.
MINIMUM_PAUSE_SECONDS = 1.0


class RateGovernor(Protocol):
    """Paces requests to each Jira site; one instance per process, state shared per site."""

    async def acquire(self, site: str) -> None:
        """Wait until the site is not paused and its bucket holds a token, then take the token."""
        ...

    async def pause(self, site: str, seconds: float) -> None:
        """Hold every request to the site for `seconds` (at least one second) from now.

        A pause only ever extends: a shorter pause than the one in force changes nothing.
        """
        ...

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        """Limit the site to `per_second` requests per second (None: unlimited; pauses still apply).

        `burst` is how many requests may go back to back after an idle spell; the default of 1
        spaces them evenly. No one-second window holds more than rate + burst requests (not rate +
        burst - 1: a waiter that wakes a few milliseconds late keeps its turn, so the rate is reached).
        """
        ...


def check_rate(per_second: float | None, burst: int | None) -> tuple[float | None, int]:
    """Validate `set_rate` arguments and return them with the default burst filled in."""
    if per_second is not None and not (math.isfinite(per_second) and per_second > 0):
        raise ValueError(f"rate must be a positive number of requests per second or None, not {per_second!r}")
    if burst is None:
        return per_second, 1
    if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
        raise ValueError(f"burst must be a whole number of at least 1, not {burst!r}")
    return per_second, burst


def pause_length(seconds: float) -> float:
    """Return the pause to apply for a requested one: at least the minimum, and finite."""
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"a pause must be a finite number of seconds, not {seconds!r}")
    return max(seconds, MINIMUM_PAUSE_SECONDS)

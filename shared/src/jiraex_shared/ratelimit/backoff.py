"""Retry delays when the server names none: exponential backoff with full jitter, capped."""

import random

# Jitter needs no secrecy, but the system source needs no seeding either and keeps workers apart.
_JITTER = random.SystemRandom()
# 2**64 already exceeds any sane cap; stopping there keeps the arithmetic in float range.
_MAX_EXPONENT = 64


def backoff_delay(
    attempt: int, *, base: float = 0.5, cap: float = 60.0, rng: random.Random | None = None
) -> float:
    """Return the seconds to wait before retry number `attempt` (0 for the first retry).

    Full jitter: uniform in [0, min(cap, base * 2**attempt)], so clients that failed together do
    not retry together (the AWS "Exponential Backoff and Jitter" analysis; Atlassian asks for jitter).
    """
    if attempt < 0:
        raise ValueError(f"attempt counts from 0, not {attempt}")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    ceiling = min(cap, base * 2.0 ** min(attempt, _MAX_EXPONENT))
    return (rng or _JITTER).uniform(0.0, ceiling)

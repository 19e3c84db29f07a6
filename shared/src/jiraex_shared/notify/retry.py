"""How long and how often a temporarily failing mail is retried inside one delivery of its message."""

import asyncio
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, within a window per message delivery.

    The window (``hold_seconds``) keeps a message well inside RabbitMQ's consumer timeout (30 min by
    default): past it the message is handed back to the queue and retried on a later delivery, so an
    SMTP outage of any length holds mail, never loses it.
    """

    first_delay: float = 1.0
    max_delay: float = 60.0
    hold_seconds: float = 300.0

    def __post_init__(self) -> None:
        if not (0 < self.first_delay <= self.max_delay) or self.hold_seconds <= 0:
            raise ValueError(f"invalid retry policy {self!r}")

    def delay(self, failed_attempts: int) -> float:
        """Seconds before the next attempt after ``failed_attempts`` (≥ 1) failures: half fixed, half jitter."""
        ceiling = min(self.max_delay, self.first_delay * 2 ** max(0, failed_attempts - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not cryptography


async def pause(seconds: float, stopping: asyncio.Event) -> bool:
    """Wait ``seconds`` unless ``stopping`` is set first; True when the wait ran its course."""
    if stopping.is_set():
        return False
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
    except TimeoutError:
        return True
    return False

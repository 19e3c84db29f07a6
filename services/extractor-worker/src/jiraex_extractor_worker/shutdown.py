"""Graceful shutdown: stop taking messages, let running steps finish within the grace period, release the rest."""

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, Protocol, TypeVar

from jiraex_shared.log import get_logger

T = TypeVar("T")

# After cancelling a step, how long its cleanup (giving a chunk lease back) may take before we stop waiting.
RELEASE_SECONDS = 5.0

log = get_logger(__name__)


class Released(Exception):
    """The step was cancelled by shutdown; its message goes back to the queue for another worker."""


class Stoppable(Protocol):
    async def stop(self) -> None: ...


class InFlight:
    """The job steps running in this process, so shutdown can wait for them and then cancel what is left."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._released: set[asyncio.Task[Any]] = set()
        self.closing = False

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` as a tracked task; raise ``Released`` if shutdown cancels it (or already began)."""
        if self.closing:
            work.close()
            raise Released
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        try:
            return await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            # Only our own cancellation of the step becomes Released; a cancellation of the caller
            # itself (the event loop shutting down) must propagate unchanged.
            if task in self._released and not (current and current.cancelling()):
                raise Released from None
            raise
        finally:
            self._tasks.discard(task)
            self._released.discard(task)

    async def release_after(self, grace: float) -> int:
        """Refuse new work, wait up to ``grace`` seconds for running steps, cancel the rest; return how many."""
        self.closing = True
        running = set(self._tasks)
        if not running:
            return 0
        _, late = await asyncio.wait(running, timeout=grace)
        for task in late:
            self._released.add(task)
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=RELEASE_SECONDS)
        return len(late)


async def stop_gracefully(subscribers: Iterable[Stoppable], inflight: InFlight, grace: float) -> None:
    """Stop every subscriber and release in-flight steps, all at once so the grace period is shared.

    A FastStream subscriber's ``stop`` stops handing out messages immediately, then waits for its running
    handler; ``release_after`` makes sure that wait ends within ``grace`` by cancelling what is left,
    whose handler then requeues its message. Messages prefetched but never started stay unacknowledged
    and RabbitMQ requeues them when the channel closes.
    """
    running = inflight.running
    log.info("worker_stopping", running_steps=running, grace_seconds=grace)
    results = await asyncio.gather(
        inflight.release_after(grace), *(subscriber.stop() for subscriber in subscribers), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            log.error("worker_stop_failed", error=repr(result))
    released = results[0] if isinstance(results[0], int) else 0
    log.info("worker_stopped", finished_steps=running - released, released_steps=released)

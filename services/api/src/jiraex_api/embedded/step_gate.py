"""The in-process worker's consumers: one running step per export queue, as one worker process, and a graceful stop."""

import asyncio
from collections.abc import Mapping
from typing import Any

from jiraex_shared.bus import Handler
from jiraex_shared.contracts import Message
from jiraex_shared.log import get_logger

# After cancelling a step, how long its cleanup (giving its claim back) may take before shutdown goes on.
RELEASE_SECONDS = 5.0

log = get_logger(__name__)


class StepGate:
    """Wraps the job-step handlers of the ``InProcessCommandBus``.

    The bus starts a task per message with no bound; the RabbitMQ worker runs one step per queue at a time
    (prefetch 1), and the steps were sized for that (each chunk already fetches ``worker_concurrency`` pages
    at once). So each command type gets a slot of its own: planning, a chunk and an assembly can overlap, as
    in one worker process, but two chunks cannot. Waiting for a slot holds no claim or lease.

    On stop, deliveries not yet running are dropped (their jobs stay in the database, and the reaper
    republishes them on the next start), running steps get the grace period, and the rest are cancelled:
    each step gives its claim back when cancelled, so nothing waits for a lease to expire.
    """

    def __init__(self) -> None:
        self._slots: dict[type[Message], asyncio.Semaphore] = {}
        self._running: set[asyncio.Task[Any]] = set()
        self.closing = False
        self.dropped = 0
        # Set to end the grace period at once (a second Ctrl-C).
        self.hurry = asyncio.Event()

    @property
    def running(self) -> int:
        return len(self._running)

    def wrap(self, handlers: Mapping[type[Message], Handler]) -> dict[type[Message], Handler]:
        return {message_type: self._gated(message_type, handler) for message_type, handler in handlers.items()}

    def _gated(self, message_type: type[Message], handler: Handler) -> Handler:
        slot = self._slots.setdefault(message_type, asyncio.Semaphore(1))

        async def run(message: Any) -> None:
            async with slot:
                if self.closing:
                    self.dropped += 1
                    log.debug("step_dropped_at_shutdown", message_type=message_type.__name__)
                    return
                task = asyncio.current_task()
                assert task is not None
                self._running.add(task)
                try:
                    await handler(message)
                finally:
                    self._running.discard(task)

        return run

    async def stop(self, grace: float) -> int:
        """Refuse new steps, wait up to ``grace`` seconds for the running ones, cancel the rest; how many."""
        self.closing = True
        running = set(self._running)
        log.info("embedded_worker_stopping", running_steps=len(running), grace_seconds=grace)
        await self._wait_within(running, grace)
        late = {task for task in running if not task.done()}
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=RELEASE_SECONDS)
        log.info("embedded_worker_stopped", finished_steps=len(running) - len(late), released_steps=len(late),
                 dropped_deliveries=self.dropped)
        return len(late)

    async def _wait_within(self, running: set[asyncio.Task[Any]], grace: float) -> None:
        """Until every step in ``running`` is done, ``grace`` seconds have passed, or ``hurry`` is set."""
        if not running:
            return
        hurry = asyncio.ensure_future(self.hurry.wait())
        try:
            pending = set(running)
            async with asyncio.timeout(grace):
                while pending and not self.hurry.is_set():
                    done, _ = await asyncio.wait({*pending, hurry}, return_when=asyncio.FIRST_COMPLETED)
                    pending -= done
        except TimeoutError:
            pass
        finally:
            hurry.cancel()

"""The scheduler loop inside the API process, for fleets without a `jiraex-scheduler` (ENABLE_SCHEDULER=true)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jiraex_api.deps import ApiDeps
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling import SchedulerDeps, run_scheduler_loop

# A tick still running this long after shutdown began (a slow database) is cut; its transaction rolls back.
STOP_WAIT_SECONDS = 10.0

log = get_logger(__name__)


@asynccontextmanager
async def scheduler_in_process(deps: ApiDeps) -> AsyncIterator[asyncio.Task[None]]:
    """Run the same loop as `jiraex-scheduler` on the API's sessions, bus and store while the block runs.

    Several API replicas may all run it: schedules are claimed with SKIP LOCKED and each planned run is
    unique, so replicas never create a run twice (the scheduler's own guarantee).
    """
    stop = asyncio.Event()
    scheduler = SchedulerDeps(settings=deps.settings, sessions=deps.sessions, bus=deps.bus, store=deps.store)
    task = asyncio.create_task(run_scheduler_loop(scheduler, stop), name="api-scheduler")
    log.info("scheduler_in_api_started", tick_seconds=deps.settings.scheduler_tick_seconds)
    try:
        yield task
    finally:
        stop.set()
        _, late = await asyncio.wait({task}, timeout=STOP_WAIT_SECONDS)
        for pending in late:
            pending.cancel()
        await asyncio.gather(task, return_exceptions=True)

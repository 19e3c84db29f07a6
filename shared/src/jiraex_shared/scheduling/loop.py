"""The scheduler loop: every tick launch due runs, count finished ones, reap lost work, sweep expired exports."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

from jiraex_shared.jobs.reaper import reap_once
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.deps import SchedulerDeps
from jiraex_shared.scheduling.launch import launch_due_runs
from jiraex_shared.scheduling.retention import sweep_expired_exports
from jiraex_shared.scheduling.tally import count_finished_runs

log = get_logger(__name__)

# The retention sweep scans finished jobs: often enough to keep storage bounded, rarely enough to cost nothing.
SWEEP_EVERY_SECONDS = 600.0


async def run_scheduler_loop(deps: SchedulerDeps, stop_event: asyncio.Event) -> None:
    """Tick every ``scheduler_tick_seconds`` until ``stop_event`` is set; the API's embedded mode runs this too.

    Each step is guarded on its own: a database or broker outage costs that step one tick, never the loop.
    """
    last_sweep = float("-inf")
    while not stop_event.is_set():
        await run_tick(deps)
        if time.monotonic() - last_sweep >= SWEEP_EVERY_SECONDS:
            last_sweep = time.monotonic()
            await _guarded("retention_sweep_failed", sweep_expired_exports(deps))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_event.wait(), timeout=deps.settings.scheduler_tick_seconds)
    log.info("scheduler_stopped")


async def run_tick(deps: SchedulerDeps) -> None:
    """One tick: count finished runs first (so a fresh success narrows the next incremental run), then launch."""
    await _guarded("count_runs_failed", count_finished_runs(deps))
    await _guarded("launch_failed", launch_due_runs(deps))
    idle = timedelta(seconds=deps.settings.reaper_idle_seconds)
    await _guarded("reap_failed", reap_once(deps.sessions, deps.bus, idle_after=idle))


async def _guarded(event: str, step) -> None:  # type: ignore[no-untyped-def]
    try:
        await step
    except Exception:  # the loop must outlive any single failure; the next tick retries
        log.exception(event)

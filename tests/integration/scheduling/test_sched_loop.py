"""The loop the scheduler process and the API's embedded mode run, and the `jiraex-scheduler` command's contract."""

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sched_helpers import scheduler_world

from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import ExportRequested, Message
from jiraex_shared.scheduling import run_scheduler_loop

COMMAND = str(Path(sys.executable).with_name("jiraex-scheduler"))


async def test_the_loop_ticks_until_its_stop_event_is_set(sqlite_url: str, tmp_path: Path) -> None:
    env = {"JIRA_EXTRACTOR_SCHEDULER_TICK_SECONDS": "0.05"}
    launched: asyncio.Queue[Message] = asyncio.Queue()

    def signalling_bus(published: list[Message]) -> InProcessCommandBus:
        async def record(message: Message) -> None:
            published.append(message)
            launched.put_nowait(message)

        return InProcessCommandBus({ExportRequested: record})

    start = datetime(2026, 5, 1, 10, 0, 5, tzinfo=UTC)
    async with scheduler_world(sqlite_url, tmp_path, now=start, env=env, bus_factory=signalling_bus) as world:
        schedule = await world.add_schedule(next_run_at=datetime(2026, 5, 1, 10, tzinfo=UTC))
        stop = asyncio.Event()
        loop = asyncio.create_task(run_scheduler_loop(world.deps, stop))
        async with asyncio.timeout(10):
            await launched.get()
            world.clock.now += timedelta(hours=1)  # the next slot comes while the loop runs
            await launched.get()
        stop.set()
        async with asyncio.timeout(5):
            await loop
        assert [job.planned_run_at for job in await world.jobs(schedule.id)] == [
            datetime(2026, 5, 1, 10, tzinfo=UTC), datetime(2026, 5, 1, 11, tzinfo=UTC)]
        assert len(world.requests()) == 2


async def test_the_loop_survives_a_failing_step(sqlite_url: str, tmp_path: Path) -> None:
    env = {"JIRA_EXTRACTOR_SCHEDULER_TICK_SECONDS": "0.05"}
    async with scheduler_world(sqlite_url, tmp_path, env=env) as world:
        calls = 0
        third_tick = asyncio.Event()

        def broken_clock() -> datetime:
            nonlocal calls
            calls += 1
            if calls == 3:
                third_tick.set()
            raise RuntimeError("clock unavailable")

        deps = type(world.deps)(
            settings=world.deps.settings, sessions=world.sessions, bus=world.bus, store=world.deps.store,
            clock=broken_clock,
        )
        stop = asyncio.Event()
        loop = asyncio.create_task(run_scheduler_loop(deps, stop))
        async with asyncio.timeout(5):
            await third_tick.wait()  # a failed tick is logged and the next one comes anyway
        stop.set()
        async with asyncio.timeout(5):
            await loop


def test_the_command_documents_itself_and_refuses_to_run_without_a_broker(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")}
    shown = subprocess.run([COMMAND, "--help"], env=base, capture_output=True, text=True, timeout=60, check=False)
    assert shown.returncode == 0 and "scheduler tick loop" in shown.stdout
    env = {**base, "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path)}
    refused = subprocess.run([COMMAND], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 2
    assert "JIRA_EXTRACTOR_RABBITMQ_URL is required" in refused.stderr
    bad = subprocess.run([COMMAND], env={**env, "JIRA_EXTRACTOR_SCHEDULER_FAILURE_LIMIT": "0"}, capture_output=True,
                         text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "JIRA_EXTRACTOR_SCHEDULER_FAILURE_LIMIT" in bad.stderr

"""SIGTERM on a real worker process: finish the running step within the grace period or give its message back."""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from worker_bus_support import Inspector

from jiraex_shared.bus import create_rabbit_broker, declare_topology, open_rabbit_command_bus
from jiraex_shared.contracts import ExtractChunk, encode

pytestmark = pytest.mark.integration

# The production entry point (`run_worker`) with job steps that only sleep: argv[1] seconds per chunk.
WORKER = """
import asyncio, sys
from contextlib import asynccontextmanager
from jiraex_extractor_worker.main import run_worker
from jiraex_shared.process_entry import start_process

class SleepingSteps:
    async def on_extract_chunk(self, message):
        print("started", message.chunk_index, flush=True)
        try:
            await asyncio.sleep(float(sys.argv[1]))
        except asyncio.CancelledError:
            print("cancelled", message.chunk_index, flush=True)
            raise
        print("finished", message.chunk_index, flush=True)

    async def on_export_requested(self, message): ...
    async def on_assemble(self, message): ...

@asynccontextmanager
async def open_steps(settings, bus):
    yield SleepingSteps()

sys.exit(run_worker(start_process("sleeping-worker", "test worker", []), open_steps))
"""


class Worker:
    def __init__(self, process: asyncio.subprocess.Process, stderr: Path) -> None:
        self.process = process
        self.stderr = stderr
        self.lines: list[str] = []

    async def expect(self, prefix: str, *, within: float = 20.0) -> None:
        assert self.process.stdout is not None
        async with asyncio.timeout(within):
            while not any(line.startswith(prefix) for line in self.lines):
                line = (await self.process.stdout.readline()).decode()
                assert line, f"worker exited before printing {prefix!r}:\n{self.stderr.read_text()}"
                self.lines.append(line.strip())

    async def terminate(self, *, within: float) -> tuple[int, float]:
        """SIGTERM, then the exit code and how long the process took to exit."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(within):
            assert self.process.stdout is not None
            self.lines += [line.decode().strip() for line in (await self.process.stdout.read()).splitlines()]
            code = await self.process.wait()
        return code, loop.time() - started


@pytest.fixture
async def start_worker(rabbitmq_url: str, tmp_path: Path) -> AsyncIterator[object]:
    processes: list[asyncio.subprocess.Process] = []

    async def start(*, step_seconds: float, grace: float) -> Worker:
        stderr = tmp_path / f"worker-{len(processes)}.log"
        environment = os.environ | {
            "JIRA_EXTRACTOR_RABBITMQ_URL": rabbitmq_url,
            "JIRA_EXTRACTOR_WORKER_GRACE_SECONDS": str(grace),
            "JIRA_EXTRACTOR_LOG_FORMAT": "json",
        }
        with stderr.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", WORKER, str(step_seconds),
                stdout=asyncio.subprocess.PIPE, stderr=sink, env=environment,
            )
        processes.append(process)
        return Worker(process, stderr)

    yield start
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def publish_chunk(rabbitmq_url: str, chunk: ExtractChunk) -> None:
    broker = create_rabbit_broker(rabbitmq_url, app_id="test")
    async with broker:
        await declare_topology(broker)
    async with open_rabbit_command_bus(rabbitmq_url, app_id="test") as bus:
        await bus.publish(chunk)


async def test_sigterm_lets_the_running_step_finish_within_the_grace_period(
    rabbitmq_url: str, start_worker, inspector: Inspector  # type: ignore[no-untyped-def]
) -> None:
    await publish_chunk(rabbitmq_url, ExtractChunk(job_id="j-1", chunk_index=7))
    worker = await start_worker(step_seconds=1.0, grace=10.0)
    await worker.expect("started 7")
    code, took = await worker.terminate(within=15)
    assert code == 0, worker.stderr.read_text()
    assert "finished 7" in worker.lines
    assert took < 10
    assert await inspector.is_empty("jiraex.export-chunks")  # acked before the channel closed
    assert await inspector.is_empty("jiraex.dead-letters")


async def test_sigterm_releases_a_step_that_outlasts_the_grace_period(
    rabbitmq_url: str, start_worker, inspector: Inspector  # type: ignore[no-untyped-def]
) -> None:
    chunk = ExtractChunk(job_id="j-2", chunk_index=3)
    await publish_chunk(rabbitmq_url, chunk)
    worker = await start_worker(step_seconds=600.0, grace=1.0)
    await worker.expect("started 3")
    code, took = await worker.terminate(within=15)
    assert code == 0, worker.stderr.read_text()
    assert "cancelled 3" in worker.lines
    assert "finished 3" not in worker.lines
    assert 1.0 <= took < 8
    requeued = await inspector.next_message("jiraex.export-chunks")
    assert bytes(requeued.body) == encode(chunk)
    assert requeued.redelivered or requeued.headers.get("x-delivery-count") == 1
    assert '"event": "message_released_on_shutdown"' in worker.stderr.read_text()

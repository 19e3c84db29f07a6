"""R5: Redis restarted mid-job (without persistence, so every stream and rate bucket is gone): the job completes
with the reference data, and a stream reader that resumes from its last id after the restart sees the outcome."""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import msgspec
import pytest
import redis.asyncio as aioredis
import redis.exceptions
from chaos_runs import FORMATS, JQL, NO_FILES, reference_run, same_files, wait_for_exported
from fleet_harness import TERMINAL, running_fleet

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_shared.contracts import decode_progress_event, progress_stream_key

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# Slow Jira answers keep the job extracting for many seconds, every request passing the Redis rate governor,
# so the outage is sure to hit work in flight.
SIM = SimConfig(issues=400, seed=35, heavy_every=40, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=100, jitter_ms=20),)))
ISSUES = 400


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A throwaway `redis-server` on its own loopback port, without persistence, that can be stopped and restarted."""

    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = open(self.log, "ab")  # noqa: SIM115, ASYNC230 - the process owns it
        self.process = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", stdout=log, stderr=log,
        )
        client = aioredis.from_url(self.url)
        try:
            async with asyncio.timeout(10):
                while True:
                    try:
                        await client.ping()
                        return
                    except redis.exceptions.ConnectionError:
                        await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=10)


@asynccontextmanager
async def private_redis(log: Path) -> AsyncIterator[PrivateRedis]:
    server = PrivateRedis(free_port(), log)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def resuming_reader(url: str, job_id: uuid.UUID, *, within: float) -> tuple[list[str], list[dict], int]:
    """Follow the job's stream to its outcome, resuming from the last id seen whenever Redis goes away.

    Returns the ids and events read (the outcome last) and how many reads failed.
    """
    client = aioredis.from_url(url)
    key, last, ids, events, failures = progress_stream_key(str(job_id)), "0", [], [], 0
    try:
        async with asyncio.timeout(within):
            while True:
                try:
                    answer = await client.xread({key: last}, block=500)
                except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
                    failures += 1
                    await asyncio.sleep(0.2)
                    continue
                for _stream, entries in answer or []:
                    for entry_id, fields in entries:
                        last = entry_id.decode()
                        ids.append(last)
                        events.append(msgspec.to_builtins(decode_progress_event(fields[b"event"])))
                        if events[-1]["type"] in TERMINAL:
                            return ids, events, failures
    finally:
        await client.aclose()


def stream_id(text: str) -> tuple[int, int]:
    ms, _, seq = text.partition("-")
    return int(ms), int(seq)


async def test_a_job_survives_a_redis_restart_and_the_reader_sees_its_outcome(
    pg_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        private_redis(tmp_path / "redis.log") as server,
        running_fleet(pg_url, server.url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=20) as fleet,
    ):
        reference, _ = await reference_run(fleet)
        job_id = await fleet.publish_request(jql=JQL, name="run", key="redis-restart", formats=FORMATS,
                                             include=NO_FILES)
        reader = asyncio.create_task(resuming_reader(server.url, job_id, within=60))
        try:
            await wait_for_exported(fleet, job_id, ISSUES // 4)
            await server.stop()
            await asyncio.sleep(1)
            exported_during_outage = (await fleet.job(job_id)).issues_exported
            await server.start()
            ids, events, failures = await reader
        finally:
            reader.cancel()
            with suppress(asyncio.CancelledError):
                await reader
        job = await fleet.job(job_id)
        after_restart = await stream_entries(server.url, job_id)
        logs = fleet.worker_logs()
    assert exported_during_outage < ISSUES, "the restart came too late to interrupt the job"
    assert failures > 0, "the reader never noticed the outage"
    # PostgreSQL is the truth: the job and its files are complete.
    assert job.state == "succeeded", (job.state, job.error_message, logs[-3000:])
    assert job.issues_exported == ISSUES
    await same_files(fleet, reference, job_id)
    # The reader, resumed from its last id, read the outcome, and ids kept increasing across the restart.
    assert events[-1]["type"] == "job.succeeded", (events[-1], logs[-3000:])
    assert [stream_id(i) for i in ids] == sorted({stream_id(i) for i in ids})
    # The restarted Redis had no persistence: what it holds now was all appended after the restart, outcome included.
    assert after_restart[-1] == "job.succeeded", after_restart
    assert after_restart.count("job.succeeded") == 1


async def stream_entries(url: str, job_id: uuid.UUID) -> list[str]:
    client = aioredis.from_url(url)
    try:
        entries = await client.xrange(progress_stream_key(str(job_id)), "-", "+")
    finally:
        await client.aclose()
    return [msgspec.to_builtins(decode_progress_event(fields[b"event"]))["type"] for _id, fields in entries]

"""R3: a zombie worker. One worker is frozen (SIGSTOP) mid-chunk past its lease, the other takes the chunk over,
then the frozen one resumes (SIGCONT): its writes are refused, the job ends once, with the reference data."""

import asyncio
import signal
import uuid
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

import msgspec
import pytest
import redis.asyncio as aioredis
from chaos_runs import FORMATS, JQL, NO_FILES, reference_run, same_files, wait_for_exported
from fleet_harness import TERMINAL, Fleet, running_fleet
from sqlalchemy import select, text

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_shared.bus import open_rabbit_command_bus
from jiraex_shared.contracts import decode_progress_event, progress_stream_key
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.jobs.reaper import run_reaper

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# Slow Jira answers make a chunk last seconds, so the freeze lands inside one.
SIM = SimConfig(issues=240, seed=33, heavy_every=80, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=120, jitter_ms=20),)))
LEASE = 3.0


class Frozen(NamedTuple):
    worker: asyncio.subprocess.Process
    index: int
    owner: str
    seq: int
    epoch: int


async def running_chunks(fleet: Fleet, job_id: uuid.UUID) -> list[JobChunk]:
    async with fleet.sessions() as session:
        rows = await session.scalars(select(JobChunk).where(JobChunk.job_id == job_id, JobChunk.state == "running"))
        return list(rows.all())


async def chunk_row(fleet: Fleet, job_id: uuid.UUID, seq: int) -> JobChunk:
    async with fleet.sessions() as session:
        row = await session.get(JobChunk, (job_id, seq))
        assert row is not None
        return row


async def freeze_a_chunk_holder(fleet: Fleet, job_id: uuid.UUID) -> Frozen:
    """SIGSTOP a worker while it provably holds a running chunk (checked after the stop, so it cannot finish)."""
    pids = {worker.pid: index for index, worker in enumerate(fleet.workers)}
    async with asyncio.timeout(60):
        while True:
            for chunk in await running_chunks(fleet, job_id):
                index = pids.get(int((chunk.lease_owner or ":-1").rsplit(":", 1)[1]))
                if index is None:
                    continue
                worker = fleet.workers[index]
                worker.send_signal(signal.SIGSTOP)
                await asyncio.sleep(0.3)
                held = await chunk_row(fleet, job_id, chunk.seq)
                holding = (held.state, held.epoch, held.lease_owner) == ("running", chunk.epoch, chunk.lease_owner)
                if holding and not await stalled_transactions(fleet):
                    return Frozen(worker, index, chunk.lease_owner or "", chunk.seq, chunk.epoch)
                # It finished that chunk in between, or froze inside a transaction whose row locks would
                # block the takeover itself (a zombie's fencing is the point here, not a stuck lock): again.
                worker.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.05)


async def stalled_transactions(fleet: Fleet) -> int:
    """Other sessions of this database inside a transaction for a while: a frozen process's.

    Checked by transaction age, not state: a process frozen mid-statement leaves its backend `active`
    (waiting on the client), holding row locks all the same.
    """
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND xact_start < now() - interval '200 milliseconds'"
    )
    async with fleet.sessions() as session:
        return int((await session.execute(query)).scalar_one())


async def stream_terminals(fleet: Fleet, job_id: uuid.UUID) -> list[str]:
    client = aioredis.from_url(fleet.env["JIRA_EXTRACTOR_REDIS_URL"])
    try:
        entries = await client.xrange(progress_stream_key(str(job_id)), "-", "+")
    finally:
        await client.aclose()
    types = [msgspec.to_builtins(decode_progress_event(fields[b"event"]))["type"] for _id, fields in entries]
    return [kind for kind in types if kind in TERMINAL]


async def test_a_frozen_worker_resumed_after_losing_its_lease_writes_nothing(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=40,
                      lease_seconds=LEASE) as fleet,
        open_rabbit_command_bus(rabbitmq_url, app_id="reaper-under-test") as bus,
    ):
        # The frozen worker's chunk keeps its lease until it expires; the reaper then hands it to the other.
        reaper = asyncio.create_task(run_reaper(fleet.sessions, bus, interval=1, idle_after=timedelta(seconds=1)))
        frozen: Frozen | None = None
        try:
            reference, _ = await reference_run(fleet)
            job_id = await fleet.publish_request(jql=JQL, name="run", key="zombie", formats=FORMATS,
                                                 include=NO_FILES)
            await wait_for_exported(fleet, job_id, 40)
            frozen = await freeze_a_chunk_holder(fleet, job_id)
            await asyncio.sleep(LEASE + 1)  # frozen for longer than its lease, whatever happens next
            try:
                async with asyncio.timeout(60):
                    while (await chunk_row(fleet, job_id, frozen.seq)).epoch == frozen.epoch:  # noqa: ASYNC110
                        await asyncio.sleep(0.1)
            except TimeoutError:
                logs = fleet.worker_logs()[-4000:]
                raise AssertionError(f"chunk {frozen.seq} was never taken over: {logs}") from None
            frozen.worker.send_signal(signal.SIGCONT)
            terminal, _ = await fleet.follow(job_id, within=180)
            await asyncio.sleep(LEASE)  # time for the zombie to try its stale writes and for late events
        finally:
            if frozen is not None:
                frozen.worker.send_signal(signal.SIGCONT)
            reaper.cancel()
        zombie_log = (tmp_path / f"worker{frozen.index + 1}.log").read_text(errors="replace")
        job, chunk = await fleet.job(job_id), await chunk_row(fleet, job_id, frozen.seq)
        terminals = await stream_terminals(fleet, job_id)
        assert terminal["type"] == "job.succeeded", (terminal, fleet.worker_logs()[-3000:])
        assert terminals == ["job.succeeded"], terminals
        assert job.state == "succeeded"
        assert job.issues_exported == 240
        # The takeover's completion is the one that counted; the zombie's stale epoch was refused.
        assert chunk.state == "done"
        assert chunk.epoch > frozen.epoch
        assert chunk.lease_owner != frozen.owner
        assert "fenced_write_rejected" in zombie_log or "chunk_completion_refused" in zombie_log, zombie_log[-3000:]
        await same_files(fleet, reference, job_id)

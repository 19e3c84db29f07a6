"""One SSE fan-out run: a fresh job, client processes on its stream, events appended at a fixed rate, the tallies."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import redis.asyncio as aioredis
from api_process import REDIS_PORT, ApiProcess, connections_to, rss_kib
from cpu_usage import machine_cpu, process_cpu_seconds
from fleet_resources import REDIS_URL, FleetResources
from sqlalchemy import select
from sse_client import ClientReport

from jiraex_shared.contracts.events import JobSucceeded
from jiraex_shared.contracts.progress import JobProgressed, progress_stream_key
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.repositories import create_job
from jiraex_shared.db.users import User
from jiraex_shared.eventstream import RedisEventStream
from jiraex_shared.pipeline.spec import ExportSpec

CLIENT_SCRIPT = Path(__file__).resolve().with_name("sse_client.py")
SAMPLE_SECONDS = 0.25
READY_TIMEOUT = 300.0
IDLE_WINDOW, IDLE_SHARE, IDLE_LIMIT = 1.0, 0.1, 60.0


@dataclass(frozen=True)
class PhasePlan:
    clients: int
    seconds: float
    rate: float
    client_processes: int
    connect_concurrency: int

    @property
    def events(self) -> int:
        return max(1, round(self.seconds * self.rate))


@dataclass
class Samples:
    """What the sampler saw of the API process every SAMPLE_SECONDS."""

    redis_connections: list[int] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class PhaseOutcome:
    plan: PhasePlan
    sent: dict[str, float]  # stream id -> time.time() just before its XADD
    progress_ids: list[str]
    reports: list[ClientReport]
    connect_samples: Samples  # while clients connected
    run_samples: Samples  # while events were published
    rss_before_kib: int
    publish_seconds: float
    api_cpu_seconds: float  # during the publishing window
    client_cpu_seconds: float  # all client processes, same window
    machine_busy_share: float | None
    connected: int
    failed_to_connect: int
    settle_seconds: float  # after the last snapshot, until the API was idle
    publish_window: tuple[float, float]  # time.monotonic() at the first event and after the terminal one


async def new_job(resources: FleetResources, owner_email: str) -> str:
    """A queued job row owned by ``owner_email`` (as POST /exports would leave it before a worker takes it)."""
    engine = create_db_engine(resources.database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            owner = (await session.execute(select(User).where(User.email == owner_email))).scalar_one()
            spec = ExportSpec(jql="project = BENCH", formats=("json",), name="sse-fanout")
            job, _ = await create_job(session, spec=spec, connection_id=resources.connection_id, name="sse-fanout",
                                      owner_id=owner.id)
            return str(job.id)
    finally:
        await engine.dispose()


async def _sample(api: ApiProcess, into: Samples, stop: asyncio.Event) -> None:
    while not stop.is_set():
        into.redis_connections.append(connections_to(api.pid, REDIS_PORT))
        into.rss_kib.append(rss_kib(api.pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_SECONDS)


async def _start_clients(
    api: ApiProcess, token: str, job_id: str, plan: PhasePlan, workdir: Path,
) -> list[tuple[asyncio.subprocess.Process, Path]]:
    shares = [plan.clients // plan.client_processes + (1 if n < plan.clients % plan.client_processes else 0)
              for n in range(plan.client_processes)]
    started = []
    for number, share in enumerate(s for s in shares if s):
        out = workdir / f"{job_id}-{number}.json"
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(CLIENT_SCRIPT), "--port", str(api.port), "--path", f"/api/jobs/{job_id}/stream",
            "--token", token, "--clients", str(share), "--connect-concurrency", str(plan.connect_concurrency),
            "--timeout", str(plan.seconds + 120), "--out", str(out), stdout=asyncio.subprocess.PIPE,
        )
        started.append((process, out))
    return started


async def _await_ready(processes: list[tuple[asyncio.subprocess.Process, Path]]) -> tuple[int, int]:
    connected = failed = 0
    async with asyncio.timeout(READY_TIMEOUT):
        for process, _ in processes:
            line = (await process.stdout.readline()).decode().split()  # type: ignore[union-attr]
            if len(line) != 3 or line[0] != "ready":
                raise RuntimeError(f"client process {process.pid} ended before its clients were ready: {line}")
            connected, failed = connected + int(line[1]), failed + int(line[2])
    return connected, failed


async def _await_api_idle(pid: int) -> float:
    """Wait until the API spends < IDLE_SHARE of a core over IDLE_WINDOW; returns the seconds waited.

    A client is "ready" when its job.snapshot arrives, but the API still replays the stream and subscribes after
    sending it: with a thousand handshakes queued, that tail would otherwise land in the first seconds measured.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    before = process_cpu_seconds(pid)
    while loop.time() - started < IDLE_LIMIT:
        await asyncio.sleep(IDLE_WINDOW)
        now = process_cpu_seconds(pid)
        if now - before < IDLE_SHARE * IDLE_WINDOW:
            break
        before = now
    return loop.time() - started


async def _publish(job_id: str, plan: PhasePlan) -> tuple[dict[str, float], list[str], float]:
    """``plan.events`` progress events at ``plan.rate`` per second, then job.succeeded; the workers' encoding."""
    client = aioredis.from_url(REDIS_URL)
    stream = RedisEventStream(client)
    sent: dict[str, float] = {}
    progress_ids = []
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        for number in range(plan.events):
            await asyncio.sleep(max(0.0, start + number / plan.rate - loop.time()))
            event = JobProgressed(job_id=job_id, phase="extracting", chunks_total=plan.events, chunks_done=number + 1,
                                  requests=number + 1)
            at = time.time()
            entry_id = await stream.append(job_id, event)
            sent[entry_id] = at
            progress_ids.append(entry_id)
        await asyncio.sleep(max(0.0, start + plan.events / plan.rate - loop.time()))
        at = time.time()
        sent[await stream.append(job_id, JobSucceeded(job_id=job_id, export_name="sse-fanout"))] = at
        return sent, progress_ids, loop.time() - start
    finally:
        await client.aclose()


async def _delete_stream(job_id: str) -> None:
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.delete(progress_stream_key(job_id))
    finally:
        await client.aclose()


async def run_phase(
    api: ApiProcess, resources: FleetResources, token: str, owner_email: str, plan: PhasePlan, workdir: Path,
) -> PhaseOutcome:
    job_id = await new_job(resources, owner_email)
    rss_before = rss_kib(api.pid)
    connect_samples, run_samples = Samples(), Samples()
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample(api, connect_samples, stop))
    processes = await _start_clients(api, token, job_id, plan, workdir)
    try:
        connected, failed = await _await_ready(processes)
        settle_seconds = await _await_api_idle(api.pid)
        stop.set()
        await sampler
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample(api, run_samples, stop))
        pids = [process.pid for process, _ in processes]
        cpu_before = (process_cpu_seconds(api.pid), sum(map(process_cpu_seconds, pids)), machine_cpu())
        publish_started = time.monotonic()
        sent, progress_ids, publish_seconds = await _publish(job_id, plan)
        publish_window = (publish_started, time.monotonic())
        # The terminal event has reached the clients when their processes exit (each ends with its streams).
        cpu_after = (process_cpu_seconds(api.pid), sum(map(process_cpu_seconds, pids)), machine_cpu())
        async with asyncio.timeout(plan.seconds + 180):
            for process, _ in processes:
                await process.wait()
    finally:
        stop.set()
        await sampler
        for process, _ in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
        await _delete_stream(job_id)
    busy = (cpu_after[2].share_busy_since(cpu_before[2]) if cpu_before[2] and cpu_after[2] else None)
    reports = [msgspec.json.decode(out.read_bytes(), type=ClientReport) for _, out in processes]
    for _, out in processes:
        out.unlink()
    return PhaseOutcome(
        plan=plan, sent=sent, progress_ids=progress_ids, reports=reports, connect_samples=connect_samples,
        run_samples=run_samples, rss_before_kib=rss_before, publish_seconds=publish_seconds,
        api_cpu_seconds=cpu_after[0] - cpu_before[0], client_cpu_seconds=cpu_after[1] - cpu_before[1],
        machine_busy_share=busy, connected=connected, failed_to_connect=failed, settle_seconds=settle_seconds,
        publish_window=publish_window,
    )

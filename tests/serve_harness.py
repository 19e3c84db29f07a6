"""`jiraex serve` as a real subprocess on a temp data dir, with the simulator's connection and jobs seeded as the
API would write them, and helpers to follow a job to its end and check its files against the manifest."""

import asyncio
import hashlib
import json
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from jiraex_api.embedded.demo_connection import ensure_demo_connection
from jiraex_api.embedded.serve_settings import embedded_settings
from jiraex_jira_sim.runner import RunningSimulator
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories import create_job
from jiraex_shared.db.users import User
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.settings import Settings, load_settings
from jiraex_shared.settings.adapters import database_url, exports_dir

JIRAEX = str(Path(sys.executable).with_name("jiraex"))
TERMINAL_STATES = {"succeeded", "succeeded_with_warnings", "failed", "cancelled"}
TERMINAL_EVENTS = {f"job.{state}" for state in TERMINAL_STATES}


def serve_env(**extra: str) -> dict[str, str]:
    """This environment without any JIRA_EXTRACTOR_* variable (so no service URL leaks in), plus ``extra``.

    The scheduler ticks and the reaper acts within a second, so a job written as `queued` is picked up at once.
    """
    base = {key: value for key, value in os.environ.items() if not key.startswith("JIRA_EXTRACTOR_")}
    return base | {
        "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "127.0.0.1", "JIRA_EXTRACTOR_SCHEDULER_TICK_SECONDS": "0.5",
        "JIRA_EXTRACTOR_REAPER_IDLE_SECONDS": "0.5", "JIRA_EXTRACTOR_CHUNK_SIZE": "10",
        "JIRA_EXTRACTOR_LOG_FORMAT": "json", "JIRA_EXTRACTOR_LOG_LEVEL": "INFO",
    } | extra


@dataclass
class Served:
    process: asyncio.subprocess.Process
    url: str
    banner: list[str]
    log: Path

    @property
    def password(self) -> str | None:
        for line in self.banner:
            if " with password " in line:
                return line.rsplit(" ", 1)[1]
        return None

    async def stop(self, signum: int = signal.SIGTERM, *, within: float = 60) -> int:
        self.process.send_signal(signum)
        return await asyncio.wait_for(self.process.wait(), timeout=within)


@asynccontextmanager
async def running_serve(data_dir: Path, env: dict[str, str], *, within: float = 90) -> AsyncIterator[Served]:
    """Start `jiraex serve --port 0`; yields once the banner is printed. Stops it (SIGKILL) if still running."""
    log = data_dir.parent / f"serve-{data_dir.name}.log"
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            JIRAEX, "serve", "--port", "0", "--data-dir", str(data_dir), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=stderr,
        )
    try:
        banner = await _read_banner(process, log, within)
        url = banner[0].rsplit(" ", 1)[1].rstrip("/")
        yield Served(process, url, banner, log)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _read_banner(process: asyncio.subprocess.Process, log: Path, within: float) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    async with asyncio.timeout(within):
        while not lines or "Ctrl-C stops" not in lines[-1]:
            line = await process.stdout.readline()
            if not line:
                raise AssertionError(f"jiraex serve ended before serving:\n{log.read_text()[-4000:]}")  # noqa: ASYNC240
            lines.append(line.decode().rstrip("\n"))
    return [line for line in lines if line.strip()]


@dataclass
class ServeData:
    """The serve process's database and files, reached from the test the way the API's services reach them."""

    settings: Settings

    @classmethod
    def of(cls, data_dir: Path, env: dict[str, str]) -> "ServeData":
        return cls(embedded_settings(load_settings(env), data_dir=str(data_dir)))

    @asynccontextmanager
    async def sessions(self):  # type: ignore[no-untyped-def]
        engine = create_db_engine(database_url(self.settings))
        try:
            yield create_session_factory(engine)
        finally:
            await engine.dispose()

    async def demo_connection(self, sim: RunningSimulator, email: str, token: str) -> uuid.UUID:
        return await ensure_demo_connection(self.settings, base_url=sim.base_url, email=email, token=token)

    async def queue_export(self, connection_id: uuid.UUID, spec: ExportSpec) -> uuid.UUID:
        """Write a `queued` job as `POST /export` does; the embedded scheduler's reaper publishes it on the bus."""
        async with self.sessions() as sessions, sessions() as session:
            owner = await session.scalar(select(User.id).where(User.role == "admin"))
            job, _ = await create_job(session, spec=spec, connection_id=connection_id, name=spec.name, owner_id=owner)
            await session.commit()
            return job.id

    async def job(self, job_id: uuid.UUID) -> Job:
        async with self.sessions() as sessions, sessions() as session:
            job = await session.get(Job, job_id)
            assert job is not None
            return job

    async def wait_for(self, job_id: uuid.UUID, states: set[str], *, within: float = 180) -> Job:
        """Poll the job row (the serve process holds its only event stream) until it reaches one of ``states``."""
        async with asyncio.timeout(within):
            while True:
                job = await self.job(job_id)
                if job.state in states:
                    return job
                await asyncio.sleep(0.25)

    def export_hashes(self, job_id: uuid.UUID, name: str) -> dict[str, str]:
        """SHA-256 of every file the manifest lists, read from the local exports folder and checked against it."""
        folder = exports_dir(self.settings) / "jobs" / str(job_id) / name
        manifest = json.loads((folder / "manifest.json").read_bytes())
        hashes = {}
        for listed in manifest["files"]:
            digest = hashlib.sha256((folder / listed["path"]).read_bytes()).hexdigest()
            assert digest == listed["sha256"], listed["path"]
            hashes[listed["path"]] = digest
        return hashes


async def follow_stream(url: str, token: str, job_id: str, *, within: float = 180) -> list[tuple[str, dict]]:
    """Read `GET /api/jobs/{id}/stream` with a plain HTTP client to its terminal event: every (event, data)."""
    events: list[tuple[str, dict]] = []
    event = ""
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    async with (
        asyncio.timeout(within),
        httpx.AsyncClient(base_url=url, timeout=None) as client,  # bounded by asyncio.timeout
        client.stream("GET", f"/api/jobs/{job_id}/stream", headers=headers) as response,
    ):
        assert response.status_code == 200, await response.aread()
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event:
                events.append((event, json.loads(line.split(":", 1)[1])))
                if event in TERMINAL_EVENTS:
                    return events
    raise AssertionError(f"the stream ended without a terminal event: {events[-3:]}")


async def login(url: str, email: str, password: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        return await client.post("/api/auth/login", json={"email": email, "password": password})

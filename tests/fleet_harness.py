"""The fleet as real processes for e2e and chaos tests: migrated PostgreSQL, a stored connection to an
in-process Jira simulator, extractor workers as subprocesses, and helpers to publish and follow a job."""

import asyncio
import base64
import hashlib
import json
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import msgspec
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import RunningSimulator, run_simulator
from jiraex_shared.accounts import create_user
from jiraex_shared.contracts import decode_progress_event, progress_stream_key
from jiraex_shared.db import migrate
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.jobs import Job
from jiraex_shared.security import CredentialCipher, PasswordHasher
from jiraex_shared.settings import Settings, load_settings
from jiraex_shared.storage import open_artifact_store


def procfile_command(process: str) -> list[str]:
    """The command deploy/Procfile runs for `process`, with `.venv/bin/` resolved to this interpreter's venv."""
    procfile = Path(__file__).resolve().parents[1] / "deploy" / "Procfile"
    for line in procfile.read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            words = command.split()
            return [str(Path(sys.executable).with_name(Path(words[0]).name)), *words[1:]]
    raise LookupError(f"no {process!r} process in {procfile}")


# The workers start exactly as `make up` starts them.
WORKER = procfile_command("worker1")
TERMINAL = {"job.succeeded", "job.succeeded_with_warnings", "job.failed", "job.cancelled"}


@dataclass
class Fleet:
    env: dict[str, str]
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    sim: RunningSimulator
    connection_id: uuid.UUID
    logs: Path
    workers: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def start_worker(self) -> asyncio.subprocess.Process:
        log = open(self.logs / f"worker{len(self.workers) + 1}.log", "wb")  # noqa: SIM115, ASYNC230 - the process owns it
        worker = await asyncio.create_subprocess_exec(*WORKER, env=self.env, stdout=asyncio.subprocess.DEVNULL,
                                                      stderr=log)
        self.workers.append(worker)
        return worker

    def worker_logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("worker*.log")))

    def export_request(
        self, *, jql: str, name: str, key: str, formats: list[str], include: dict[str, bool] | None = None
    ) -> dict:
        """A hand-written export.requested body (the AsyncAPI contract) naming the fleet's connection."""
        return {
            "type": "export.requested", "message_id": uuid.uuid4().hex, "schema_version": 1,
            "occurred_at": datetime.now(UTC).isoformat(), "connection_id": str(self.connection_id), "jql": jql,
            "formats": formats, "archive": True, "name": name, "idempotency_key": key,
            **({"include": include} if include is not None else {}),
        }

    async def publish_request(
        self, *, jql: str, name: str, key: str, formats: list[str], include: dict[str, bool] | None = None
    ) -> uuid.UUID:
        """Publish export.requested with raw aio-pika and a hand-written body (the AsyncAPI contract)."""
        body = self.export_request(jql=jql, name=name, key=key, formats=formats, include=include)
        connection = await aio_pika.connect_robust(self.env["JIRA_EXTRACTOR_RABBITMQ_URL"])
        try:
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            async with asyncio.timeout(60):
                while True:  # the workers declare the topology when they start
                    try:
                        exchange = await channel.get_exchange("jiraex.commands", ensure=True)
                        await exchange.publish(
                            aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                                             delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                            routing_key="export.requested", mandatory=True,
                        )
                        break
                    except (aio_pika.exceptions.ChannelClosed, aio_pika.exceptions.DeliveryError):
                        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                        await asyncio.sleep(0.5)
        finally:
            await connection.close()
        async with asyncio.timeout(60):
            while True:
                async with self.sessions() as session:
                    found = await session.scalar(select(Job.id).where(Job.idempotency_key == key))
                if found is not None:
                    return found
                await asyncio.sleep(0.2)

    async def job(self, job_id: uuid.UUID) -> Job:
        async with self.sessions() as session:
            job = await session.get(Job, job_id)
            assert job is not None
            return job

    async def follow(self, job_id: uuid.UUID, *, within: float = 240) -> tuple[dict, list[dict]]:
        """Read the job's Redis stream to its terminal event: (terminal, every event before it)."""
        client = aioredis.from_url(self.env["JIRA_EXTRACTOR_REDIS_URL"])
        key, last, seen = progress_stream_key(str(job_id)), "0", []
        try:
            async with asyncio.timeout(within):
                while True:
                    for _stream, entries in await client.xread({key: last}, block=2000) or []:
                        for entry_id, fields in entries:
                            last = entry_id.decode()
                            event = msgspec.to_builtins(decode_progress_event(fields[b"event"]))
                            if event["type"] in TERMINAL:
                                return event, seen
                            seen.append(event)
        finally:
            await client.aclose()

    async def export_hashes(self, job_id: uuid.UUID, name: str) -> dict[str, str]:
        """SHA-256 of every stored file of the export folder, checked against its manifest."""
        async with open_artifact_store(self.settings) as store:
            prefix = f"jobs/{job_id}/{name}/"
            manifest = json.loads(b"".join([c async for c in store.open_read(prefix + "manifest.json")]))
            hashes = {}
            for listed in manifest["files"]:
                data = b"".join([c async for c in store.open_read(prefix + listed["path"])])
                hashes[listed["path"]] = hashlib.sha256(data).hexdigest()
                assert hashes[listed["path"]] == listed["sha256"], listed["path"]
            return hashes


@asynccontextmanager
async def running_fleet(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], logs: Path, *,
    sim: SimConfig, workers: int = 2, chunk_size: int = 15, lease_seconds: float = 60,
) -> AsyncIterator[Fleet]:
    endpoint, bucket = s3_bucket
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")},
        "JIRA_EXTRACTOR_DATABASE_URL": pg_url, "JIRA_EXTRACTOR_RABBITMQ_URL": rabbitmq_url,
        "JIRA_EXTRACTOR_REDIS_URL": redis_url, "JIRA_EXTRACTOR_S3_ENDPOINT_URL": endpoint,
        "JIRA_EXTRACTOR_S3_BUCKET": bucket, "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID": "test",
        "JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY": "test",
        "JIRA_EXTRACTOR_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JIRA_EXTRACTOR_CHUNK_SIZE": str(chunk_size), "JIRA_EXTRACTOR_WORKER_LEASE_SECONDS": str(lease_seconds),
        "JIRA_EXTRACTOR_LOG_FORMAT": "json", "JIRA_EXTRACTOR_LOG_LEVEL": "INFO",
        # The simulator listens on loopback, which the workers' SSRF guard refuses unless allow-listed.
        "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "127.0.0.1",
    }
    settings = load_settings(env)
    await migrate.upgrade(pg_url)
    engine = create_db_engine(pg_url)
    sessions = create_session_factory(engine)
    async with run_simulator(sim) as simulator:
        connection_id = uuid.uuid4()
        sealed = CredentialCipher.from_settings(settings).encrypt(sim.token, row_id=str(connection_id))
        async with sessions() as session, session.begin():
            owner = await create_user(session, email="fleet@example.com", password="a long enough password",
                                      role="member", hasher=PasswordHasher())
            session.add(Connection(
                id=connection_id, owner_id=owner.id, name="sim", base_url=simulator.base_url,
                deployment=sim.mode, auth_kind="basic", username=sim.email, credential_ciphertext=sealed.ciphertext,
                credential_nonce=sealed.nonce, credential_key_id=sealed.key_id,
            ))
        fleet = Fleet(env, settings, sessions, simulator, connection_id, logs)
        for _ in range(workers):
            await fleet.start_worker()
        try:
            yield fleet
        finally:
            for worker in fleet.workers:
                if worker.returncode is None:
                    worker.send_signal(signal.SIGTERM)
            for worker in fleet.workers:
                await asyncio.wait_for(worker.wait(), timeout=40)
            await engine.dispose()

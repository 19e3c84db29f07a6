"""The fleet as real processes: another system publishes export.requested onto RabbitMQ (per docs/asyncapi.yaml),
two extractor workers share the job's chunks, progress arrives on the Redis stream, files land in S3."""

import asyncio
import base64
import hashlib
import json
import os
import signal
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import msgspec
import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.accounts import create_user
from jiraex_shared.contracts import decode_progress_event, progress_stream_key
from jiraex_shared.db import migrate
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.jobs import Job
from jiraex_shared.security import CredentialCipher, PasswordHasher
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import open_artifact_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
WORKER = str(Path(sys.executable).with_name("jiraex-extractor-worker"))
SIM = SimConfig(issues=160, seed=21, heavy_every=50, max_attachment_bytes=20_000)


async def test_two_workers_share_an_export_published_by_another_system(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    endpoint, bucket = s3_bucket
    secret = base64.b64encode(os.urandom(32)).decode()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")},
        "JIRA_EXTRACTOR_DATABASE_URL": pg_url, "JIRA_EXTRACTOR_RABBITMQ_URL": rabbitmq_url,
        "JIRA_EXTRACTOR_REDIS_URL": redis_url, "JIRA_EXTRACTOR_S3_ENDPOINT_URL": endpoint,
        "JIRA_EXTRACTOR_S3_BUCKET": bucket, "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID": "test",
        "JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY": "test", "JIRA_EXTRACTOR_SECRET_KEY": secret,
        "JIRA_EXTRACTOR_CHUNK_SIZE": "15", "JIRA_EXTRACTOR_LOG_FORMAT": "json", "JIRA_EXTRACTOR_LOG_LEVEL": "WARNING",
    }
    settings = load_settings(env)
    await migrate.upgrade(pg_url)
    engine = create_db_engine(pg_url)
    sessions = create_session_factory(engine)
    async with run_simulator(SIM) as sim:
        connection_id = uuid.uuid4()
        sealed = CredentialCipher.from_settings(settings).encrypt(SIM.token, row_id=str(connection_id))
        async with sessions() as session, session.begin():
            owner = await create_user(session, email="e2e@example.com", password="a long enough password",
                                      role="member", hasher=PasswordHasher())
            session.add(Connection(
                id=connection_id, owner_id=owner.id, name="sim", base_url=sim.base_url, deployment="cloud",
                auth_kind="basic", username=SIM.email, credential_ciphertext=sealed.ciphertext,
                credential_nonce=sealed.nonce, credential_key_id=sealed.key_id,
            ))
        workers = [
            await asyncio.create_subprocess_exec(WORKER, env=env, stdout=asyncio.subprocess.DEVNULL,
                                                 stderr=open(tmp_path / f"worker{n}.log", "wb"))  # noqa: ASYNC230, SIM115
            for n in (1, 2)
        ]
        try:
            await _publish_request(rabbitmq_url, str(connection_id))
            job_id = await _job_id(sessions)
            terminal = await _follow_stream(redis_url, job_id)
            assert terminal["type"] == "job.succeeded", terminal
            async with sessions() as session:
                job = await session.get(Job, job_id)
                owners = set((await session.scalars(select(JobChunk.lease_owner).where(JobChunk.job_id == job_id))))
            assert job is not None
            assert job.state == "succeeded"
            assert job.chunks_total == job.chunks_done >= 4
            async with open_artifact_store(settings) as store:
                prefix = f"jobs/{job_id}/e2e/"
                manifest = json.loads(b"".join([c async for c in store.open_read(prefix + "manifest.json")]))
                assert manifest["complete"] is True
                for listed in manifest["files"]:
                    data = b"".join([c async for c in store.open_read(prefix + listed["path"])])
                    assert hashlib.sha256(data).hexdigest() == listed["sha256"], listed["path"]
                assert await store.exists(f"jobs/{job_id}/e2e.zip")
            assert len(owners) == 2, f"both workers should have extracted chunks, got {owners}"
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(worker.wait(), timeout=40) for worker in workers]
            await engine.dispose()
        logs = "".join((tmp_path / f"worker{n}.log").read_text() for n in (1, 2))
        assert codes == [0, 0], logs[-3000:]


async def _publish_request(amqp_url: str, connection_id: str) -> None:
    """Publish with raw aio-pika and a hand-written body, as another system following the AsyncAPI would."""
    body = {
        "type": "export.requested", "message_id": uuid.uuid4().hex, "schema_version": 1,
        "occurred_at": datetime.now(UTC).isoformat(), "connection_id": connection_id,
        "jql": "project in (ALPHA, BRAVO) ORDER BY key ASC", "formats": ["json", "csv", "html"],
        "archive": True, "name": "e2e", "idempotency_key": "e2e-export-1",
    }
    connection = await aio_pika.connect_robust(amqp_url)
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
                    return
                except (aio_pika.exceptions.ChannelClosed, aio_pika.exceptions.DeliveryError):
                    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                    await asyncio.sleep(0.5)
    finally:
        await connection.close()


async def _job_id(sessions) -> uuid.UUID:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(60):
        while True:
            async with sessions() as session:
                found = await session.scalar(select(Job.id).where(Job.idempotency_key == "e2e-export-1"))
            if found is not None:
                return found
            await asyncio.sleep(0.2)


async def _follow_stream(redis_url: str, job_id: uuid.UUID) -> dict:
    client = aioredis.from_url(redis_url)
    key, last = progress_stream_key(str(job_id)), "0"
    try:
        async with asyncio.timeout(180):
            while True:
                for _stream, entries in await client.xread({key: last}, block=2000) or []:
                    for entry_id, fields in entries:
                        last = entry_id.decode()
                        event = decode_progress_event(fields[b"event"])
                        if event.__struct_config__.tag in {"job.succeeded", "job.succeeded_with_warnings",
                                                           "job.failed", "job.cancelled"}:
                            return msgspec.to_builtins(event)
    finally:
        await client.aclose()

"""Publish `export.requested` as another system would, follow the job's Redis stream, read its row's timings."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
import msgspec
import redis.asyncio as aioredis
from fleet_resources import REDIS_URL, FleetResources
from sqlalchemy import func, select

from jiraex_shared.contracts import decode_progress_event, progress_stream_key
from jiraex_shared.contracts.topology import COMMANDS, EXPORT_REQUESTED
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.job_chunks import JobChunk
from jiraex_shared.db.jobs import Job

TERMINAL = {"job.succeeded", "job.succeeded_with_warnings", "job.failed", "job.cancelled"}
NO_ATTACHMENTS = {"comments": True, "changelog": True, "worklogs": True, "attachments": False}


async def publish_request(
    resources: FleetResources, *, jql: str, formats: list[str], include: dict[str, bool],
    fields: list[str] | None = None,
) -> tuple[uuid.UUID, float]:
    """Publish with raw aio-pika and a hand-written body (the AsyncAPI contract); (job id, monotonic publish time).

    The idempotency key finds the job row the worker creates for a request that names no job.
    """
    key = f"bench-{uuid.uuid4().hex}"
    body = {
        "type": EXPORT_REQUESTED, "message_id": uuid.uuid4().hex, "schema_version": 1,
        "occurred_at": datetime.now(UTC).isoformat(), "connection_id": str(resources.connection_id), "jql": jql,
        "formats": formats, "archive": False, "name": "scaling", "idempotency_key": key, "include": include,
        **({"fields": fields} if fields is not None else {}),
    }
    connection = await aio_pika.connect_robust(resources.env["JIRA_EXTRACTOR_RABBITMQ_URL"])
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(COMMANDS.name, ensure=True)  # the workers declared it
        published = time.monotonic()
        await exchange.publish(
            aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                             delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
            routing_key=EXPORT_REQUESTED, mandatory=True,
        )
    finally:
        await connection.close()
    engine = create_db_engine(resources.database_url)
    try:
        async with asyncio.timeout(60):
            while True:
                async with create_session_factory(engine)() as session:
                    found = await session.scalar(select(Job.id).where(Job.idempotency_key == key))
                if found is not None:
                    return found, published
                await asyncio.sleep(0.1)
    finally:
        await engine.dispose()


@dataclass
class Followed:
    terminal: dict[str, Any]
    terminal_at: float  # monotonic time the terminal event was read
    first_progress_at: float | None  # monotonic time of the first `job.progressed` with issues extracted
    events: Counter[str] = field(default_factory=Counter)


async def follow(job_id: uuid.UUID, *, within: float, on_idle: Any = None) -> Followed:
    """Read `job:{id}` from the start to its terminal event; `on_idle()` runs after 2 s of silence (liveness)."""
    client = aioredis.from_url(REDIS_URL)
    key, last, events = progress_stream_key(str(job_id)), "0", Counter[str]()
    first_progress: float | None = None
    try:
        async with asyncio.timeout(within):
            while True:
                batches = await client.xread({key: last}, block=2000)
                if not batches and on_idle is not None:
                    on_idle()
                for _stream, entries in batches or []:
                    for entry_id, fields in entries:
                        last = entry_id.decode()
                        event = msgspec.to_builtins(decode_progress_event(fields[b"event"]))
                        events[event["type"]] += 1
                        if event["type"] in TERMINAL:
                            return Followed(event, time.monotonic(), first_progress, events)
                        if first_progress is None and event["type"] == "job.progressed":
                            first_progress = time.monotonic()
    finally:
        await client.aclose()


async def job_timings(resources: FleetResources, job_id: uuid.UUID, worker_pids: list[int]) -> dict[str, Any]:
    """The job row's outcome and times, the extraction window (chunks) and how many chunks each worker did."""
    engine = create_db_engine(resources.database_url)
    try:
        async with create_session_factory(engine)() as session:
            job = await session.get(Job, job_id)
            assert job is not None
            last_chunk_done = await session.scalar(
                select(func.max(JobChunk.updated_at)).where(JobChunk.job_id == job_id, JobChunk.state == "done"))
            owners = (await session.execute(
                select(JobChunk.lease_owner, func.count()).where(JobChunk.job_id == job_id)
                .group_by(JobChunk.lease_owner))).all()
            attempts = await session.scalar(select(func.sum(JobChunk.attempts)).where(JobChunk.job_id == job_id))
    finally:
        await engine.dispose()
    by_pid = {str(pid): number for number, pid in enumerate(worker_pids, 1)}
    chunks_by_worker = {f"worker{by_pid.get(str(owner).rpartition(':')[2], '?')}": count for owner, count in owners}
    started, finished = job.started_at, job.finished_at
    return {
        "state": job.state, "error": job.error_message, "issues_exported": job.issues_exported,
        "issues_expected": job.issues_expected, "comments": job.comments, "histories": job.histories,
        "worklogs": job.worklogs, "requests": job.requests, "rate_limited": job.rate_limited,
        "chunks_total": job.chunks_total, "chunk_attempts": attempts,
        "job_s": (finished - started).total_seconds() if started and finished else None,
        "extraction_s": (last_chunk_done - started).total_seconds() if started and last_chunk_done else None,
        "assembly_s": (finished - last_chunk_done).total_seconds() if finished and last_chunk_done else None,
        "chunks_by_worker": dict(sorted(chunks_by_worker.items())),
    }

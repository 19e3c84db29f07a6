"""Seeds for the exports/jobs/files/stream API tests: members, connections, finished jobs with stored files."""

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aio_pika
import uvicorn
from api_harness import MEMBER_PASSWORD, ApiHarness, bearer
from litestar import Litestar

from jiraex_shared.contracts import decode_command
from jiraex_shared.contracts.commands import ExportRequested
from jiraex_shared.contracts.topology import EXPORT_REQUESTS_QUEUE
from jiraex_shared.db import Connection
from jiraex_shared.db.repositories import create_job, record_file, set_state
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.storage import job_archive_key, job_key
from jiraex_shared.storage.content_types import content_type_for


@dataclass(frozen=True)
class Caller:
    user_id: str
    headers: dict[str, str]


async def sign_in(api: ApiHarness, email: str, *, role: str = "member") -> Caller:
    user_id = await api.add_user(email, role=role)
    body = await api.login(email, MEMBER_PASSWORD)
    return Caller(user_id, bearer(body["token"]))


async def add_connection(api: ApiHarness, owner_id: str, *, base_url: str = "https://example.atlassian.net") -> str:
    """A connection row; its sealed token is a placeholder (these tests never call Jira through it)."""
    async with api.deps.sessions() as session:
        row = Connection(
            id=uuid.uuid4(), owner_id=uuid.UUID(owner_id), name=f"jira {uuid.uuid4().hex[:6]}", base_url=base_url,
            auth_kind="basic", username="someone@example.com", credential_ciphertext=b"x" * 32,
            credential_nonce=b"n" * 12, credential_key_id="test",
        )
        session.add(row)
        await session.commit()
        return str(row.id)


async def finished_job(
    api: ApiHarness, owner_id: str, connection_id: str, files: dict[str, bytes], *, name: str = "export",
    state: str = "succeeded", archive: bytes | None = None,
) -> str:
    """A job that ended in ``state`` with ``files`` stored and recorded as the assembler does."""
    spec = ExportSpec(jql="project = A", formats=("json",), name=name, archive=archive is not None)
    async with api.deps.sessions() as session:
        job, _ = await create_job(session, spec=spec, connection_id=uuid.UUID(connection_id), name=name,
                                  owner_id=uuid.UUID(owner_id))
        await session.commit()
    stored = [(job_key(job.id, name, path), path, data) for path, data in files.items()]
    if archive is not None:
        key = job_archive_key(job.id, name)
        stored.append((key, key.rsplit("/", 1)[-1], archive))
    for key, path, data in stored:
        content_type = content_type_for(path, None)
        result = await api.deps.store.put_bytes(key, data, content_type=content_type)
        async with api.deps.sessions() as session:
            await record_file(session, job.id, path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                              content_type=content_type, uri=result.uri)
            await session.commit()
    await move_to(api, str(job.id), state)
    return str(job.id)


async def move_to(api: ApiHarness, job_id: str, *states: str, **details: Any) -> None:
    """Walk the job through ``states`` (a terminal state is reached through the states allowed before it)."""
    path = {"succeeded": ("planning", "running", "assembling", "succeeded"),
            "succeeded_with_warnings": ("planning", "running", "assembling", "succeeded_with_warnings"),
            "failed": ("planning", "failed"), "cancelled": ("cancelled",), "running": ("planning", "running")}
    async with api.deps.sessions() as session:
        for state in states:
            for step in path.get(state, (state,)):
                await set_state(session, uuid.UUID(job_id), None, step, **details)
        await session.commit()


@asynccontextmanager
async def served(app: Litestar) -> AsyncIterator[str]:
    """The app (lifespan already running, as `running_api` does) behind a real uvicorn socket: streamed responses
    reach the client as they are written, which httpx's ASGI transport does not do. Yields the base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(10):
            while not server.started:  # noqa: ASYNC110 - uvicorn offers no event for this
                await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def take_export_requested(rabbitmq_url: str) -> ExportRequested:
    """The next `export.requested` on the real export-requests queue (acked), as a worker would receive it."""
    amqp = await aio_pika.connect(rabbitmq_url)
    try:
        queue = await (await amqp.channel()).get_queue(EXPORT_REQUESTS_QUEUE.name, ensure=True)
        delivered = await queue.get(timeout=10, fail=True)
        await delivered.ack()
    finally:
        await amqp.close()
    message = decode_command(delivered.body)
    assert isinstance(message, ExportRequested), message
    return message

"""A private database, RabbitMQ vhost, S3 bucket and Redis keys for one fleet run, and the workers' environment."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import asyncpg
import httpx
import redis.asyncio as aioredis
from aiobotocore.session import get_session

from jiraex_shared.accounts import create_user
from jiraex_shared.db import migrate
from jiraex_shared.db.connections import Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.ratelimit import site_key
from jiraex_shared.security import CredentialCipher, PasswordHasher
from jiraex_shared.settings import load_settings

# The service URLs `scripts/services env` prints (the tests read the same variables, with the same defaults).
POSTGRES_DSN = os.environ.get("JIRAEX_TEST_POSTGRES_DSN", "postgresql://postgres:postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("JIRAEX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RABBITMQ_URL = os.environ.get("JIRAEX_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
RABBITMQ_API = os.environ.get("JIRAEX_TEST_RABBITMQ_API", "http://guest:guest@127.0.0.1:15672/api")
S3_ENDPOINT = os.environ.get("JIRAEX_TEST_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
# The worker's Redis keys: its rate governor's default prefix, and the progress streams (no prefix).
GOVERNOR_PREFIX = "jiraex:"


@dataclass(frozen=True)
class FleetResources:
    """What one run owns; `env` is the environment every worker of the run gets."""

    name: str
    env: dict[str, str]
    database_url: str
    management_api: str
    vhost: str
    connection_id: uuid.UUID
    site: str  # the rate governor's key for the simulator


def admin_api() -> tuple[str, tuple[str, str]]:
    api = urlsplit(RABBITMQ_API)
    auth = (api.username or "guest", api.password or "guest")
    return api._replace(netloc=f"{api.hostname}:{api.port}").geturl(), auth


@asynccontextmanager
async def _database(name: str) -> AsyncIterator[str]:
    admin = await asyncpg.connect(POSTGRES_DSN, timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlsplit(POSTGRES_DSN)._replace(scheme="postgresql+asyncpg", path=f"/{name}").geturl()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def _vhost(name: str) -> AsyncIterator[str]:
    base, auth = admin_api()
    async with httpx.AsyncClient(base_url=base, auth=auth, timeout=30) as client:
        (await client.put(f"/vhosts/{quote(name, safe='')}")).raise_for_status()
        user = urlsplit(RABBITMQ_URL).username or "guest"
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        (await client.put(f"/permissions/{quote(name, safe='')}/{user}", json=permissions)).raise_for_status()
        try:
            yield urlsplit(RABBITMQ_URL)._replace(path=f"/{quote(name, safe='')}").geturl()
        finally:
            await client.delete(f"/vhosts/{quote(name, safe='')}")


@asynccontextmanager
async def _bucket(name: str) -> AsyncIterator[str]:
    async with get_session().create_client(
        "s3", region_name="us-east-1", endpoint_url=S3_ENDPOINT, aws_access_key_id="test",
        aws_secret_access_key="test",  # noqa: S106 - moto accepts any key
    ) as client:
        await client.create_bucket(Bucket=name)
        try:
            yield name
        finally:
            paginator = client.get_paginator("list_objects_v2")
            async for page in paginator.paginate(Bucket=name):
                for item in page.get("Contents", []):
                    await client.delete_object(Bucket=name, Key=item["Key"])
            await client.delete_bucket(Bucket=name)


async def clear_redis(site: str, job_ids: list[str]) -> None:
    """Forget the site's rate bucket, pause and cap (they outlive a run by a day) and the runs' streams.

    The worker has no Redis key-prefix setting: its keys are unique to a run because the site key holds the
    simulator's port and each stream holds a job id; clearing them before and after keeps a capped run from
    capping the next one on the same simulator.
    """
    client = aioredis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=f"{GOVERNOR_PREFIX}rate:{{{site}}}:*")]
        keys += [f"job:{job_id}" for job_id in job_ids]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


def worker_env(
    database_url: str, rabbitmq_url: str, bucket: str, *, concurrency: int, chunk_size: int
) -> dict[str, str]:
    """The settings a fleet process gets (scripts/fleet-up, tests/fleet_harness.py), on this run's resources."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")},
        "JIRA_EXTRACTOR_DATABASE_URL": database_url, "JIRA_EXTRACTOR_RABBITMQ_URL": rabbitmq_url,
        "JIRA_EXTRACTOR_REDIS_URL": REDIS_URL, "JIRA_EXTRACTOR_S3_ENDPOINT_URL": S3_ENDPOINT,
        "JIRA_EXTRACTOR_S3_BUCKET": bucket, "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID": "test",
        "JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY": "test",
        "JIRA_EXTRACTOR_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "127.0.0.1",  # the simulator: loopback is refused otherwise
        "JIRA_EXTRACTOR_WORKER_CONCURRENCY": str(concurrency), "JIRA_EXTRACTOR_CHUNK_SIZE": str(chunk_size),
        "JIRA_EXTRACTOR_LOG_FORMAT": "json", "JIRA_EXTRACTOR_LOG_LEVEL": "INFO",
    }


async def _seed_connection(
    env: dict[str, str], *, base_url: str, email: str, token: str, rate_cap: float | None
) -> uuid.UUID:
    """A user and their stored Cloud connection to the simulator, the credential sealed with the run's key."""
    settings = load_settings(env)
    engine = create_db_engine(env["JIRA_EXTRACTOR_DATABASE_URL"])
    try:
        connection_id = uuid.uuid4()
        sealed = CredentialCipher.from_settings(settings).encrypt(token, row_id=str(connection_id))
        async with create_session_factory(engine)() as session, session.begin():
            owner = await create_user(session, email="bench@example.com", password="a long enough password",  # noqa: S106
                                      role="member", hasher=PasswordHasher())
            session.add(Connection(
                id=connection_id, owner_id=owner.id, name="sim", base_url=base_url, deployment="cloud",
                auth_kind="basic", username=email, credential_ciphertext=sealed.ciphertext,
                credential_nonce=sealed.nonce, credential_key_id=sealed.key_id, rate_cap_rps=rate_cap,
            ))
        return connection_id
    finally:
        await engine.dispose()


@asynccontextmanager
async def fleet_resources(
    *, base_url: str, email: str, token: str, concurrency: int, chunk_size: int, rate_cap: float | None = None
) -> AsyncIterator[FleetResources]:
    """Fresh database (migrated), vhost, bucket and cleared Redis keys; all removed again afterwards."""
    name = f"jiraex_bench_{uuid.uuid4().hex[:12]}"
    site = site_key(base_url)
    async with AsyncExitStack() as stack:
        database_url = await stack.enter_async_context(_database(name))
        rabbitmq_url = await stack.enter_async_context(_vhost(name.replace("_", "-")))
        bucket = await stack.enter_async_context(_bucket(name.replace("_", "-")))
        await migrate.upgrade(database_url)
        await clear_redis(site, [])
        env = worker_env(database_url, rabbitmq_url, bucket, concurrency=concurrency, chunk_size=chunk_size)
        connection_id = await _seed_connection(env, base_url=base_url, email=email, token=token, rate_cap=rate_cap)
        base, _ = admin_api()
        yield FleetResources(name, env, database_url, base, name.replace("_", "-"), connection_id, site)

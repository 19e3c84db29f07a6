"""Real-service fixtures: each integration test gets its own database, vhost, bucket, key prefix and mailbox.

Services are found through the URLs in `service_urls.py` (started by `scripts/services`). Outside CI a service
that does not answer skips the tests that need it, naming it; with CI=true it fails them.
"""

import asyncio
import mailbox
import socket
import uuid
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from service_urls import ServiceUrls, in_ci


def unavailable(service: str, url: str, error: BaseException) -> None:
    reason = f"{service} is not reachable at {url} ({type(error).__name__}: {error}); run scripts/services"
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def tcp_check(service: str, url: str, default_port: int) -> None:
    parts = urlsplit(url if "://" in url else f"tcp://{url}")
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            pass
    except OSError as error:
        unavailable(service, url, error)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def services() -> ServiceUrls:
    return ServiceUrls.from_environ()


@pytest.fixture
async def pg_url(services: ServiceUrls) -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, as a SQLAlchemy asyncpg URL; dropped afterwards."""
    import asyncpg

    name = unique("jiraex_t_")
    try:
        admin = await asyncpg.connect(services.postgres_dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        unavailable("PostgreSQL", services.postgres_dsn, error)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(services.postgres_dsn)
        yield parts._replace(scheme="postgresql+asyncpg", path=f"/{name}").geturl()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
async def redis_url(services: ServiceUrls) -> str:
    import redis.asyncio as aioredis

    client = aioredis.from_url(services.redis_url)
    try:
        await client.ping()
    except Exception as error:  # redis-py wraps socket errors in its own ConnectionError
        unavailable("Redis", services.redis_url, error)
    finally:
        await client.aclose()
    return services.redis_url


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix private to one test; its keys are deleted afterwards."""
    import redis.asyncio as aioredis

    prefix = unique("jiraex-test:") + ":"
    yield prefix
    client = aioredis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def rabbitmq_url(services: ServiceUrls) -> AsyncIterator[str]:
    """An AMQP URL on a fresh vhost private to one test (created through the management API, then deleted)."""
    vhost = unique("jiraex-test-")
    api = urlsplit(services.rabbitmq_api)
    auth = (api.username or "guest", api.password or "guest")
    base = api._replace(netloc=f"{api.hostname}:{api.port}").geturl()
    async with httpx.AsyncClient(base_url=base, auth=auth, timeout=10) as client:
        try:
            (await client.put(f"/vhosts/{quote(vhost, safe='')}")).raise_for_status()
        except httpx.HTTPError as error:
            unavailable("RabbitMQ management API", services.rabbitmq_api, error)
        user = urlsplit(services.rabbitmq_url).username or "guest"
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        (await client.put(f"/permissions/{quote(vhost, safe='')}/{user}", json=permissions)).raise_for_status()
        try:
            yield urlsplit(services.rabbitmq_url)._replace(path=f"/{quote(vhost, safe='')}").geturl()
        finally:
            await client.delete(f"/vhosts/{quote(vhost, safe='')}")


@pytest.fixture
async def s3_bucket(services: ServiceUrls) -> AsyncIterator[tuple[str, str]]:
    """(endpoint URL, bucket name): an empty bucket private to one test on the S3 server (moto)."""
    from aiobotocore.session import get_session

    tcp_check("S3 (moto)", services.s3_endpoint_url, 9000)
    bucket = unique("jiraex-test-")
    session = get_session()
    async with session.create_client(
        "s3", region_name="us-east-1", endpoint_url=services.s3_endpoint_url,
        aws_access_key_id="test", aws_secret_access_key="test",  # moto accepts any key
    ) as client:
        try:
            await client.create_bucket(Bucket=bucket)
        except Exception as error:  # botocore raises EndpointConnectionError, not OSError
            unavailable("S3 (moto)", services.s3_endpoint_url, error)
        yield services.s3_endpoint_url, bucket
        listing = await client.list_objects_v2(Bucket=bucket)
        for item in listing.get("Contents", []):
            await client.delete_object(Bucket=bucket, Key=item["Key"])
        await client.delete_bucket(Bucket=bucket)


class SmtpSink:
    """The aiosmtpd sink of scripts/services: send to it over SMTP, read what arrived from its maildir."""

    def __init__(self, host: str, port: int, maildir: str) -> None:
        self.host, self.port, self.maildir = host, port, maildir
        self.recipient_domain = f"{unique('t')}.example.test"

    def address(self, local_part: str) -> str:
        """A recipient address private to this test, so tests can share the sink."""
        return f"{local_part}@{self.recipient_domain}"

    def messages_to(self, address: str) -> list[EmailMessage]:
        from email import policy
        from email.parser import BytesParser

        box = mailbox.Maildir(self.maildir, create=False)
        found = []
        for key in box.iterkeys():
            message = BytesParser(policy=policy.default).parsebytes(box.get_bytes(key))
            if address in str(message.get("X-RcptTo", "")) or address in str(message.get("To", "")):
                found.append(message)
        return found

    async def wait_for(self, address: str, count: int = 1, within: float = 10.0) -> list[EmailMessage]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while len(found := self.messages_to(address)) < count:
            if loop.time() > deadline:
                raise AssertionError(f"expected {count} message(s) to {address}, got {len(found)}")
            await asyncio.sleep(0.05)
        return found


@pytest.fixture
def smtp_sink(services: ServiceUrls) -> SmtpSink:
    tcp_check("SMTP sink (aiosmtpd)", services.smtp, 1025)
    host, _, port = services.smtp.partition(":")
    return SmtpSink(host, int(port or 1025), services.smtp_maildir)

"""One write-and-read-back per real service: proves the harness reaches each one with per-test isolation."""

import asyncio
from email.message import EmailMessage

import pytest

pytestmark = pytest.mark.integration


async def test_postgres_round_trip(pg_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(pg_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE probe (id int PRIMARY KEY, note text)"))
            await conn.execute(text("INSERT INTO probe VALUES (1, 'écrit')"))
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT note FROM probe WHERE id = 1"))).scalar_one() == "écrit"
            assert (await conn.execute(text("SELECT current_database()"))).scalar_one().startswith("jiraex_t_")
    finally:
        await engine.dispose()


async def test_redis_stream_round_trip(redis_url: str, redis_prefix: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.from_url(redis_url)
    try:
        key = f"{redis_prefix}job:probe"
        first = await client.xadd(key, {"type": "job.progressed", "n": "1"}, maxlen=100, approximate=True)
        await client.xadd(key, {"type": "job.succeeded", "n": "2"})
        after_first = await client.xrange(key, min=f"({first.decode()}")
        assert [fields[b"type"] for _, fields in after_first] == [b"job.succeeded"]
    finally:
        await client.aclose()


async def test_rabbitmq_publish_consume(rabbitmq_url: str) -> None:
    import aio_pika

    connection = await aio_pika.connect_robust(rabbitmq_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue("probe", durable=True, arguments={"x-queue-type": "quorum"})
        await channel.default_exchange.publish(aio_pika.Message(b'{"type":"probe"}'), routing_key="probe")
        message = await queue.get(timeout=10, fail=True)
        await message.ack()
        assert message.body == b'{"type":"probe"}'
        assert rabbitmq_url.rsplit("/", 1)[-1].startswith("jiraex-test-")
    finally:
        await connection.close()


async def test_s3_put_get(s3_bucket: tuple[str, str]) -> None:
    from aiobotocore.session import get_session

    endpoint, bucket = s3_bucket
    async with get_session().create_client(
        "s3", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test"
    ) as client:
        await client.put_object(Bucket=bucket, Key="jobs/1/probe.txt", Body=b"hello")
        response = await client.get_object(Bucket=bucket, Key="jobs/1/probe.txt")
        async with response["Body"] as body:
            assert await body.read() == b"hello"


async def test_smtp_send_and_receive(smtp_sink) -> None:
    import aiosmtplib

    recipient = smtp_sink.address("alice")
    message = EmailMessage()
    message["From"] = "jiraex@example.test"
    message["To"] = recipient
    message["Subject"] = "Export ready ✓"
    message.set_content("Your export finished.")
    await aiosmtplib.send(message, hostname=smtp_sink.host, port=smtp_sink.port, timeout=10)
    received = await asyncio.wait_for(smtp_sink.wait_for(recipient), timeout=15)
    assert received[0]["Subject"] == "Export ready ✓"
    assert received[0].get_content().strip() == "Your export finished."

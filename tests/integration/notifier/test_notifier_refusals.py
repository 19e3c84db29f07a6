"""Refusals: a 5xx recipient is recorded as failed and its message dead-lettered with the reason; the rest is sent."""

import asyncio
import uuid
from typing import Any

import aio_pika
import pytest
from notifier_support import PrivateSmtp, take, wait_until_empty
from sqlalchemy import select

from jiraex_shared.bus import ERROR_HEADER, RabbitCommandBus
from jiraex_shared.contracts import JobFailed, SendEmail
from jiraex_shared.db import Connection, EmailDelivery, Schedule, User
from jiraex_shared.notify import JOB_NOTIFICATIONS_PREFERENCE

pytestmark = pytest.mark.integration

DEAD_LETTERS = "jiraex.dead-letters"


@pytest.fixture
async def smtp() -> Any:
    server = PrivateSmtp()
    await asyncio.to_thread(server.start)
    yield server
    await asyncio.to_thread(server.stop)


async def _dead_letter(channel: Any) -> Any:
    async with asyncio.timeout(10):
        while True:
            if (message := await take(channel, DEAD_LETTERS)) is not None:
                return message
            await asyncio.sleep(0.05)


async def test_a_refused_recipient_is_recorded_and_dead_lettered(
    smtp: PrivateSmtp, run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    command = SendEmail(template="password_reset", to="refuse@refusals.example.test",
                        params={"reset_url": "https://exports.example.test/r?t=secret", "expires_at": "soon"})
    async with run_notifier("127.0.0.1", smtp.port):
        await bus.publish(command)
        dead = await _dead_letter(amqp_channel)
    assert dead.message_id == command.message_id
    reason = str(dead.headers[ERROR_HEADER])
    assert "refuse@refusals.example.test" in reason and "550 5.1.1 no such user here" in reason
    assert "secret" not in reason
    assert dead.headers["x-jiraex-queue"] == "jiraex.notifications"
    async with notifier_db() as session:
        row = (await session.scalars(select(EmailDelivery))).one()
    assert (row.status, row.attempts) == ("failed", 1)
    assert smtp.handler.messages == []


async def test_one_refused_recipient_does_not_stop_the_others(
    smtp: PrivateSmtp, run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    async with notifier_db.begin() as session:
        owner = User(email="owner@refusals.example.test", password_hash="$argon2id$x",
                     preferences={JOB_NOTIFICATIONS_PREFERENCE: "failures"})
        session.add(owner)
        await session.flush()
        connection = Connection(
            owner_id=owner.id, name="acme", base_url="https://acme.atlassian.net", auth_kind="basic",
            credential_ciphertext=b"x", credential_nonce=b"\x00" * 12, credential_key_id="k1",
        )
        session.add(connection)
        await session.flush()
        schedule = Schedule(owner_id=owner.id, connection_id=connection.id, name="Nightly", interval_seconds=3600,
                            spec={}, recipients=["refuse@refusals.example.test", "team@refusals.example.test"])
        session.add(schedule)
        await session.flush()
        owner_id, schedule_id = str(owner.id), str(schedule.id)
    event = JobFailed(job_id=str(uuid.uuid4()), export_name="nightly", owner_id=owner_id, schedule_id=schedule_id,
                      error_message="Jira is down", error_kind="jira_unavailable")
    async with run_notifier("127.0.0.1", smtp.port):
        await bus.publish(event)
        dead = await _dead_letter(amqp_channel)
        await wait_until_empty(amqp_channel, "jiraex.notifier-job-events")
    assert "refuse@refusals.example.test" in str(dead.headers[ERROR_HEADER])
    assert sorted(str(message["To"]) for message in smtp.handler.messages) == [
        "owner@refusals.example.test", "team@refusals.example.test"
    ]
    async with notifier_db() as session:
        rows = dict((await session.execute(select(EmailDelivery.recipient, EmailDelivery.status))).all())
    assert rows == {"owner@refusals.example.test": "sent", "team@refusals.example.test": "sent",
                    "refuse@refusals.example.test": "failed"}


async def test_an_unsafe_link_is_dead_lettered_without_sending(
    smtp: PrivateSmtp, run_notifier: Any, bus: RabbitCommandBus, amqp_channel: Any
) -> None:
    command = SendEmail(template="invitation", to="x@refusals.example.test",
                        params={"accept_url": "javascript:alert(1)", "invited_by": "a", "expires_at": "t"})
    async with run_notifier("127.0.0.1", smtp.port):
        await bus.publish(command)
        dead = await _dead_letter(amqp_channel)
    assert "absolute http(s) URL" in str(dead.headers[ERROR_HEADER])
    assert smtp.handler.messages == []


@pytest.mark.parametrize(
    ("body", "exchange", "routing_key", "expected"),
    [
        (b'{"type": "notify.email", "to": ', "jiraex.commands", "notify.email", "malformed command"),
        (b'{"type": "export.chunk", "job_id": "j", "chunk_index": 0}', "jiraex.commands", "notify.email",
         "export.chunk message on queue jiraex.notifications"),
        (b'{"type": "job.exploded", "job_id": "j"}', "jiraex.events", "job.exploded", "unknown job event type"),
    ],
    ids=["bad-json", "wrong-command", "unknown-event"],
)
async def test_an_invalid_body_is_dead_lettered_at_once(
    smtp: PrivateSmtp, run_notifier: Any, bus: RabbitCommandBus, amqp_channel: Any,
    body: bytes, exchange: str, routing_key: str, expected: str,
) -> None:
    async with run_notifier("127.0.0.1", smtp.port):
        target = await amqp_channel.get_exchange(exchange, ensure=False)
        await target.publish(aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                             routing_key=routing_key)
        dead = await _dead_letter(amqp_channel)
    assert bytes(dead.body) == body
    assert expected in str(dead.headers[ERROR_HEADER])
    assert dead.headers.get("x-delivery-count", 0) == 0  # delivered once: never requeued

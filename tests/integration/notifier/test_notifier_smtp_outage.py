"""SMTP down for a while, then up: every expected mail arrives exactly once, nothing is dead-lettered.

The notifier retries each held mail within a window, then parks the message (a copy to the queue's tail,
original acked). Here the window admits one SMTP attempt per delivery, so a record's ``attempts`` counts the
deliveries of its message; the outage lasts until every message was delivered more often than the queue's
delivery limit allows, which a requeue-based retry could not survive.
"""

import asyncio
from typing import Any

import pytest
from notifier_support import PrivateSmtp, parts, queue_depth, wait_until_empty
from sqlalchemy import select

from jiraex_notifier.parking import PARKED_HEADER
from jiraex_shared.bus import RabbitCommandBus
from jiraex_shared.contracts import DELIVERY_LIMIT, JobFailed, JobSucceeded, SendEmail
from jiraex_shared.db import EmailDelivery, User
from jiraex_shared.notify import JOB_NOTIFICATIONS_PREFERENCE, RetryPolicy

pytestmark = pytest.mark.integration

DOMAIN = "outage.example.test"
# The first failure already closes the window: one attempt per delivery.
ONE_ATTEMPT = RetryPolicy(first_delay=0.05, max_delay=0.05, hold_seconds=0.01)


async def test_mail_held_through_an_smtp_outage_arrives_once(
    run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    smtp = PrivateSmtp()  # not started: connection refused
    async with notifier_db.begin() as session:
        owner = User(email=f"owner@{DOMAIN}", password_hash="$argon2id$x",
                     preferences={JOB_NOTIFICATIONS_PREFERENCE: "all"})
        session.add(owner)
        await session.flush()
        owner_id = str(owner.id)
    commands = [
        SendEmail(template="password_reset", to=f"user{n}@{DOMAIN}",
                  params={"reset_url": f"https://exports.example.test/r?t={n}", "expires_at": "soon"})
        for n in range(3)
    ]
    events = [
        JobSucceeded(job_id="job-1", export_name="one", owner_id=owner_id),
        JobFailed(job_id="job-2", export_name="two", owner_id=owner_id, error_message="boom", error_kind="internal"),
    ]
    try:
        async with run_notifier("127.0.0.1", smtp.port, retry=ONE_ATTEMPT):
            for message in [*commands, *events]:
                await bus.publish(message)
            await _until_attempts(notifier_db, rows=5, above=DELIVERY_LIMIT + 1)
            assert smtp.handler.messages == []
            assert await queue_depth(amqp_channel, "jiraex.dead-letters") == 0
            await asyncio.to_thread(smtp.start)
            await _until(lambda: len(smtp.handler.messages) >= len(commands) + len(events), within=30)
            for queue in ("jiraex.notifications", "jiraex.notifier-job-events"):
                await wait_until_empty(amqp_channel, queue)
        # Stopped: anything unsettled would be back in its queue, and a late duplicate would have arrived.
    finally:
        await asyncio.to_thread(smtp.stop)
    for command in commands:
        [mail] = smtp.handler.to(command.to)
        assert command.params["reset_url"] in parts(mail)[0]
    job_mails = smtp.handler.to(f"owner@{DOMAIN}")
    assert sorted(str(mail["Subject"]) for mail in job_mails) == ['Export "one" succeeded', 'Export "two" failed']
    assert len(smtp.handler.messages) == len(commands) + len(events)
    for queue in ("jiraex.notifications", "jiraex.notifier-job-events", "jiraex.dead-letters"):
        assert await queue_depth(amqp_channel, queue) == 0, queue
    async with notifier_db() as session:
        rows = (await session.execute(select(EmailDelivery.status, EmailDelivery.attempts))).all()
    assert len(rows) == 5 and {status for status, _ in rows} == {"sent"}


async def _until_attempts(sessions: Any, *, rows: int, above: int) -> None:
    """Wait until ``rows`` records exist, each with more than ``above`` attempts (deliveries, here)."""
    async with asyncio.timeout(60):
        while True:
            async with sessions() as session:
                attempts = list(await session.scalars(select(EmailDelivery.attempts)))
            if len(attempts) == rows and min(attempts) > above:
                return
            await asyncio.sleep(0.1)


async def _until(condition: Any, *, within: float) -> None:
    async with asyncio.timeout(within):
        while True:
            if condition():
                return
            await asyncio.sleep(0.05)


async def test_a_notifier_stopped_during_an_outage_hands_its_mail_to_the_next(
    run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    smtp = PrivateSmtp()  # down
    command = SendEmail(template="password_reset", to=f"restart@{DOMAIN}",
                        params={"reset_url": "https://exports.example.test/r?t=restart", "expires_at": "soon"})
    patient = RetryPolicy(first_delay=0.05, max_delay=0.2, hold_seconds=600)  # would hold the mail for minutes
    async with run_notifier("127.0.0.1", smtp.port, retry=patient):
        await bus.publish(command)
        await _until_attempts(notifier_db, rows=1, above=1)
    # SIGTERM-like stop: the held message was parked back into its queue, not lost or dead-lettered.
    assert await queue_depth(amqp_channel, "jiraex.notifications") == 1
    assert await queue_depth(amqp_channel, "jiraex.dead-letters") == 0
    queue = await amqp_channel.get_queue("jiraex.notifications", ensure=False)
    parked = await queue.get(no_ack=False)
    assert parked.headers[PARKED_HEADER] == 1 and parked.message_id == command.message_id
    await parked.nack(requeue=True)
    try:
        await asyncio.to_thread(smtp.start)
        async with run_notifier("127.0.0.1", smtp.port):
            await _until(lambda: len(smtp.handler.messages) >= 1, within=30)
            await wait_until_empty(amqp_channel, "jiraex.notifications")
    finally:
        await asyncio.to_thread(smtp.stop)
    assert len(smtp.handler.to(command.to)) == 1
    assert await queue_depth(amqp_channel, "jiraex.notifications") == 0

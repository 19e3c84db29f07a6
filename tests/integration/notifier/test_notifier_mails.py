"""The notifier end to end: RabbitMQ in, real SMTP (the aiosmtpd sink) out, mails parsed and checked."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from notifier_support import PUBLIC_URL, parts, queue_depth, wait_until_empty
from sqlalchemy import select

from jiraex_shared.bus import RabbitCommandBus
from jiraex_shared.contracts import ExportCounts, JobFailed, JobSucceeded, SendEmail
from jiraex_shared.db import EmailDelivery, User
from jiraex_shared.notify import JOB_NOTIFICATIONS_PREFERENCE

pytestmark = pytest.mark.integration

HOSTILE = '<img src=x onerror="alert(1)"> & ACME'
FINISHED = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def _check_headers(message: Any, to: str, subject: str) -> None:
    assert message["From"] == "Jira Issue Extractor <noreply@jx.example>"
    assert message["To"] == to
    assert message["Subject"] == subject
    assert re.fullmatch(r"<[0-9a-f]{40}@jx\.example>", message["Message-ID"])
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"]


async def test_invitation_and_password_reset(smtp_sink: Any, run_notifier: Any, bus: RabbitCommandBus) -> None:
    invitee, forgetful = smtp_sink.address("invitee"), smtp_sink.address("forgetful")
    invitation = SendEmail(template="invitation", to=invitee, params={
        "accept_url": "https://exports.example.test/invite?token=inv-secret&x=1", "invited_by": "Ada <admin>",
        "expires_at": "2026-11-28T09:00:00Z",
    })
    reset = SendEmail(template="password_reset", to=forgetful, params={
        "reset_url": "https://exports.example.test/reset?token=reset-secret", "expires_at": "2026-11-25T10:00:00Z",
    })
    async with run_notifier(smtp_sink.host, smtp_sink.port):
        await bus.publish(invitation)
        await bus.publish(reset)
        [invited] = await smtp_sink.wait_for(invitee)
        [reset_mail] = await smtp_sink.wait_for(forgetful)
    _check_headers(invited, invitee, "Ada <admin> invited you to Jira Issue Extractor")
    text, html = parts(invited)
    assert "https://exports.example.test/invite?token=inv-secret&x=1" in text
    assert 'href="https://exports.example.test/invite?token=inv-secret&amp;x=1"' in html
    assert "Ada &lt;admin&gt;" in html and "<admin>" not in html
    assert "2026-11-28T09:00:00Z" in text
    _check_headers(reset_mail, forgetful, "Reset your Jira Issue Extractor password")
    text, html = parts(reset_mail)
    assert "https://exports.example.test/reset?token=reset-secret" in text
    assert 'href="https://exports.example.test/reset?token=reset-secret"' in html


async def _owner(sessions: Any, email: str, choice: str) -> str:
    async with sessions.begin() as session:
        user = User(email=email, password_hash="$argon2id$x", preferences={JOB_NOTIFICATIONS_PREFERENCE: choice})
        session.add(user)
        await session.flush()
        return str(user.id)


async def test_job_succeeded_and_failed(
    smtp_sink: Any, run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    happy, quiet = smtp_sink.address("happy"), smtp_sink.address("quiet")
    happy_id = await _owner(notifier_db, happy, "all")
    quiet_id = await _owner(notifier_db, quiet, "failures")
    counts = ExportCounts(issues_expected=250, issues_exported=250, comments=31, histories=900, worklogs=4,
                          attachments=12, attachment_bytes=2_400_000)
    succeeded = JobSucceeded(job_id="job-ok", export_name=HOSTILE, owner_id=happy_id, counts=counts,
                             started_at=FINISHED - timedelta(minutes=2, seconds=5), finished_at=FINISHED)
    quiet_success = JobSucceeded(job_id="job-quiet", export_name="routine", owner_id=quiet_id)
    failed = JobFailed(job_id="job-bad", export_name=HOSTILE, owner_id=quiet_id, finished_at=FINISHED,
                       error_message="Error in the JQL Query: The character '<' is a reserved JQL character",
                       error_kind="jira_bad_request")
    async with run_notifier(smtp_sink.host, smtp_sink.port):
        for event in (succeeded, quiet_success, failed):
            await bus.publish(event)
        [ok_mail] = await smtp_sink.wait_for(happy)
        [failed_mail] = await smtp_sink.wait_for(quiet)
        await wait_until_empty(amqp_channel, "jiraex.notifier-job-events")
    # Stopped: a message still unacked would be back in its queue now. The routine success "quiet" did not
    # want was acked without a mail.
    assert await queue_depth(amqp_channel, "jiraex.notifier-job-events") == 0
    _check_headers(ok_mail, happy, f'Export "{HOSTILE}" succeeded')
    text, html = parts(ok_mail)
    for body in (text, html):
        assert "250 of 250 exported" in body and "2 min 5 s" in body and "2.4 MB" in body
        assert f"{PUBLIC_URL}/jobs/job-ok" in body
    assert f'href="{PUBLIC_URL}/jobs/job-ok"' in html
    assert HOSTILE in text
    assert "<img" not in html and "onerror=\"" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; ACME" in html

    _check_headers(failed_mail, quiet, f'Export "{HOSTILE}" failed')
    text, html = parts(failed_mail)
    assert "The character '<' is a reserved JQL character" in text
    assert "The character &#x27;&lt;&#x27; is a reserved JQL character" in html
    assert f'href="{PUBLIC_URL}/jobs/job-bad"' in html and "<img" not in html

    async with notifier_db() as session:
        rows = (await session.execute(select(EmailDelivery.recipient, EmailDelivery.status))).all()
    assert sorted(rows) == sorted([(happy, "sent"), (quiet, "sent")])


async def test_a_redelivered_event_sends_one_mail(
    smtp_sink: Any, run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    owner = smtp_sink.address("owner")
    owner_id = await _owner(notifier_db, owner, "all")
    event = JobSucceeded(job_id="job-twice", export_name="twice", owner_id=owner_id)
    command = SendEmail(template="password_reset", to=smtp_sink.address("reset"),
                        params={"reset_url": "https://exports.example.test/r?t=1", "expires_at": "soon"})
    async with run_notifier(smtp_sink.host, smtp_sink.port):
        for message in (event, command, event, command, event):
            await bus.publish(message)
        await smtp_sink.wait_for(owner)
        await smtp_sink.wait_for(command.to)
        for queue in ("jiraex.notifier-job-events", "jiraex.notifications"):
            await wait_until_empty(amqp_channel, queue)
    # Stopped after the last copy was handled: every copy was acked, and each mail went out once.
    for queue in ("jiraex.notifier-job-events", "jiraex.notifications"):
        assert await queue_depth(amqp_channel, queue) == 0
    async with notifier_db() as session:
        assert (await session.scalar(select(EmailDelivery.attempts).where(EmailDelivery.recipient == owner))) == 1
    assert len(smtp_sink.messages_to(owner)) == 1
    assert len(smtp_sink.messages_to(command.to)) == 1
    assert await queue_depth(amqp_channel, "jiraex.dead-letters") == 0


async def test_two_notifiers_sharing_duplicates_send_each_mail_once(
    smtp_sink: Any, run_notifier: Any, bus: RabbitCommandBus, notifier_db: Any, amqp_channel: Any
) -> None:
    commands = [
        SendEmail(template="password_reset", to=smtp_sink.address(f"replica{n}"),
                  params={"reset_url": f"https://exports.example.test/r?t={n}", "expires_at": "soon"})
        for n in range(8)
    ]
    async with run_notifier(smtp_sink.host, smtp_sink.port), run_notifier(smtp_sink.host, smtp_sink.port):
        for _ in range(3):  # every command three times over: duplicates land on both replicas at once
            for command in commands:
                await bus.publish(command)
        for command in commands:
            await smtp_sink.wait_for(command.to)
        await wait_until_empty(amqp_channel, "jiraex.notifications")
    assert await queue_depth(amqp_channel, "jiraex.notifications") == 0
    for command in commands:
        assert len(smtp_sink.messages_to(command.to)) == 1, command.to
    async with notifier_db() as session:
        statuses = list(await session.scalars(select(EmailDelivery.status)))
    assert statuses == ["sent"] * len(commands)

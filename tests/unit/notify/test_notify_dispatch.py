"""The handlers over a migrated SQLite database: each mail once, temporary failures retried, refusals recorded."""

import asyncio
import dataclasses
import uuid

import pytest
from notify_fakes import ScriptedMailer
from sqlalchemy import select

from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import JobFailed, JobSucceeded, SendEmail
from jiraex_shared.db import Connection, EmailDelivery, Schedule, User
from jiraex_shared.db.repositories.email_delivery_records import DeliveryClaim, claim_delivery
from jiraex_shared.notify import (
    JOB_NOTIFICATIONS_PREFERENCE,
    DeliveryPostponed,
    DeliveryRefused,
    InvalidMailParams,
    MailPermanentError,
    MailTemporaryError,
    MemoryMailer,
    NotifierDeps,
    notifier_handlers,
    notify_job_finished,
    send_command_mail,
)

RESET = SendEmail(
    template="password_reset", to="User@Example.com",
    params={"reset_url": "https://jx.example/reset?token=s3cret", "expires_at": "2026-11-25T10:30:00Z"},
)


def _with(deps: NotifierDeps, mailer: MemoryMailer) -> NotifierDeps:
    return dataclasses.replace(deps, mailer=mailer)


async def _rows(deps: NotifierDeps) -> list[EmailDelivery]:
    async with deps.sessions() as session:
        return list(await session.scalars(select(EmailDelivery).order_by(EmailDelivery.recipient)))


async def test_a_command_mail_is_sent_once_however_often_it_is_delivered(notifier_deps: NotifierDeps) -> None:
    mailer = notifier_deps.mailer
    assert isinstance(mailer, MemoryMailer)
    first = await send_command_mail(notifier_deps, RESET)
    again = await send_command_mail(notifier_deps, RESET)
    assert first.sent == ["User@Example.com"] and again.already_sent == ["User@Example.com"]
    assert len(mailer.outbox) == 1
    assert "https://jx.example/reset?token=s3cret" in mailer.outbox[0].content.text
    [row] = await _rows(notifier_deps)
    assert (row.event_id, row.recipient, row.status, row.attempts) == (RESET.message_id, "user@example.com", "sent", 1)


async def test_temporary_failures_are_retried_until_the_mail_goes_out(notifier_deps: NotifierDeps) -> None:
    mailer = ScriptedMailer(MailTemporaryError("Connection refused"), MailTemporaryError("451 try later"))
    report = await send_command_mail(_with(notifier_deps, mailer), RESET)
    assert report.sent == ["User@Example.com"]
    assert mailer.attempts == 3 and len(mailer.outbox) == 1
    [row] = await _rows(notifier_deps)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)


async def test_an_outage_past_the_window_postpones_then_the_next_delivery_sends(notifier_deps: NotifierDeps) -> None:
    down = ScriptedMailer(MailTemporaryError("Connection refused"), repeat_last=True)
    with pytest.raises(DeliveryPostponed, match=r"not delivered yet: User@Example\.com: Connection refused"):
        await send_command_mail(_with(notifier_deps, down), RESET)
    assert down.attempts >= 2 and not down.outbox
    [row] = await _rows(notifier_deps)
    assert (row.status, row.last_error) == ("pending", "Connection refused")
    # The claim was released: the redelivered message claims at once and sends.
    up = ScriptedMailer()
    assert (await send_command_mail(_with(notifier_deps, up), RESET)).sent == ["User@Example.com"]
    assert len(up.outbox) == 1


async def test_shutdown_ends_the_retries_at_once(notifier_deps: NotifierDeps) -> None:
    deps = dataclasses.replace(
        _with(notifier_deps, ScriptedMailer(MailTemporaryError("timeout"), repeat_last=True)),
        retry=dataclasses.replace(notifier_deps.retry, first_delay=30, max_delay=30, hold_seconds=600),
    )
    task = asyncio.create_task(send_command_mail(deps, RESET))
    await asyncio.sleep(0.2)
    deps.stopping.set()
    async with asyncio.timeout(5):
        with pytest.raises(DeliveryPostponed):
            await task


async def test_a_permanent_refusal_is_recorded_and_stays_refused(notifier_deps: NotifierDeps) -> None:
    mailer = ScriptedMailer(MailPermanentError("550 no such user"))
    with pytest.raises(DeliveryRefused, match="550 no such user"):
        await send_command_mail(_with(notifier_deps, mailer), RESET)
    [row] = await _rows(notifier_deps)
    assert (row.status, row.last_error) == ("failed", "550 no such user")
    again = ScriptedMailer()
    with pytest.raises(DeliveryRefused, match="refused for good on an earlier delivery"):
        await send_command_mail(_with(notifier_deps, again), RESET)
    assert again.attempts == 0


async def test_a_mail_another_notifier_holds_is_postponed_not_sent(notifier_deps: NotifierDeps) -> None:
    async with notifier_deps.sessions.begin() as session:
        held = await claim_delivery(session, RESET.message_id, "user@example.com", claim_seconds=30)
    assert isinstance(held, DeliveryClaim)
    mailer = ScriptedMailer()
    with pytest.raises(DeliveryPostponed, match="another notifier holds"):
        await send_command_mail(_with(notifier_deps, mailer), RESET)
    assert mailer.attempts == 0


async def test_an_unsafe_link_is_refused_before_anything_is_recorded(notifier_deps: NotifierDeps) -> None:
    bad = SendEmail(template="password_reset", to="a@x.org", params={"reset_url": "javascript:x", "expires_at": "t"})
    with pytest.raises(InvalidMailParams):
        await send_command_mail(notifier_deps, bad)
    assert await _rows(notifier_deps) == []


async def _owner_and_schedule(deps: NotifierDeps, choice: str, recipients: list[str]) -> tuple[str, str]:
    async with deps.sessions.begin() as session:
        user = User(email="owner@example.com", password_hash="$argon2id$x",
                    preferences={JOB_NOTIFICATIONS_PREFERENCE: choice})
        session.add(user)
        await session.flush()
        connection = Connection(
            owner_id=user.id, name="acme", base_url="https://acme.atlassian.net", auth_kind="basic",
            credential_ciphertext=b"x", credential_nonce=b"\x00" * 12, credential_key_id="k1",
        )
        session.add(connection)
        await session.flush()
        schedule = Schedule(owner_id=user.id, connection_id=connection.id, name="Nightly", cron="0 2 * * *",
                            spec={}, recipients=recipients)
        session.add(schedule)
        await session.flush()
        return str(user.id), str(schedule.id)


async def test_job_mail_goes_to_the_owner_and_the_schedule_recipients(notifier_deps: NotifierDeps) -> None:
    owner_id, schedule_id = await _owner_and_schedule(notifier_deps, "failures", ["team@example.com"])
    mailer = notifier_deps.mailer
    assert isinstance(mailer, MemoryMailer)
    succeeded = JobSucceeded(job_id="j-1", export_name="ACME", owner_id=owner_id, schedule_id=schedule_id)
    assert (await notify_job_finished(notifier_deps, succeeded)).sent == ["team@example.com"]
    failed = JobFailed(job_id="j-2", export_name="ACME", owner_id=owner_id, schedule_id=schedule_id,
                       error_message="JQL <bad>", error_kind="jira_bad_request")
    assert (await notify_job_finished(notifier_deps, failed)).sent == ["owner@example.com", "team@example.com"]
    assert "Schedule" in mailer.outbox[-1].content.text and "Nightly" in mailer.outbox[-1].content.text
    assert (await notify_job_finished(notifier_deps, failed)).already_sent == ["owner@example.com", "team@example.com"]
    assert len(mailer.outbox) == 3


async def test_a_job_nobody_wants_to_hear_about_sends_nothing(notifier_deps: NotifierDeps) -> None:
    owner_id, _ = await _owner_and_schedule(notifier_deps, "off", [])
    event = JobFailed(job_id="j-3", export_name="x", owner_id=owner_id, schedule_id=str(uuid.uuid4()),
                      error_message="e", error_kind="internal")
    report = await notify_job_finished(notifier_deps, event)
    assert report.sent == [] and await _rows(notifier_deps) == []
    # An event from another system names no owner at all.
    assert (await notify_job_finished(notifier_deps, JobSucceeded(job_id="j-4", export_name="x"))).sent == []


async def test_embedded_mode_keeps_retrying_through_an_outage(notifier_deps: NotifierDeps) -> None:
    # Six retry windows fail before SMTP answers: more rounds than the bus's delivery limit would allow.
    mailer = ScriptedMailer(*(MailTemporaryError("Connection refused") for _ in range(60)))
    deps = dataclasses.replace(
        _with(notifier_deps, mailer),
        retry=dataclasses.replace(notifier_deps.retry, first_delay=0.001, max_delay=0.001, hold_seconds=0.005),
    )
    bus = InProcessCommandBus(notifier_handlers(deps), backoff=lambda _: 0.0)
    await bus.publish(RESET)
    async with asyncio.timeout(10):
        await bus.drain()
    assert bus.dead_letters == []
    assert [mail.recipient for mail in mailer.outbox] == ["User@Example.com"]
    assert mailer.attempts == 61

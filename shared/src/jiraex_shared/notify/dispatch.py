"""Send one message's mails, each recipient once: claim the record, send, retry temporary failures, record."""

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Literal

from jiraex_shared.db.repositories.email_delivery_records import (
    DeliveryClaim,
    claim_delivery,
    delivery_event_key,
    mark_failed,
    mark_sent,
    next_attempt,
    note_temporary_failure,
    release_delivery,
)
from jiraex_shared.log import get_logger
from jiraex_shared.notify.deps import NotifierDeps
from jiraex_shared.notify.errors import DeliveryPostponed, DeliveryRefused, MailPermanentError, MailTemporaryError
from jiraex_shared.notify.mail import OutgoingMail, RenderedMail
from jiraex_shared.notify.retry import pause

Outcome = Literal["sent", "already_sent", "failed", "postponed"]
BUSY = "another notifier holds this mail's claim (sending it now)"

log = get_logger(__name__)


@dataclass
class DeliveryReport:
    """Recipients by outcome; ``failed`` and ``postponed`` map each to the last error."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    postponed: dict[str, str] = field(default_factory=dict)


async def deliver(deps: NotifierDeps, message_id: str, mails: Sequence[tuple[str, RenderedMail]]) -> DeliveryReport:
    """Mail ``(recipient, content)`` pairs for the message ``message_id``; safe to call again for the same message.

    A recipient already mailed for this message is skipped. Temporary failures are retried with backoff
    until the retry window of this delivery closes (or shutdown begins). Raises ``DeliveryPostponed`` when
    some recipient is still pending — deliver the message again later — else ``DeliveryRefused`` when
    some recipient was refused for good (now or on an earlier delivery).
    """
    event_id = delivery_event_key(message_id)
    deadline = asyncio.get_running_loop().time() + deps.retry.hold_seconds
    report = DeliveryReport()
    for recipient, content in mails:
        address = recipient.strip()
        mail = OutgoingMail(deps.sender, address, content, mail_message_id(event_id, address, deps.sender))
        outcome, error = await _deliver_one(deps, event_id, mail, deadline)
        if outcome in ("sent", "already_sent"):
            getattr(report, outcome).append(address)
        else:
            getattr(report, outcome)[address] = error
    if report.postponed:
        raise DeliveryPostponed(_summary("not delivered yet", report.postponed))
    if report.failed:
        raise DeliveryRefused(_summary("refused for good", report.failed))
    return report


def mail_message_id(event_id: str, recipient: str, sender: str) -> str:
    """A Message-ID fixed by (event, recipient): a resend after a crash carries the same one."""
    digest = hashlib.sha256(f"{event_id}\n{recipient.lower()}".encode()).hexdigest()[:40]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "jiraex.invalid"
    return f"<{digest}@{domain}>"


async def _deliver_one(
    deps: NotifierDeps, event_id: str, mail: OutgoingMail, deadline: float
) -> tuple[Outcome, str]:
    key = mail.recipient.lower()
    claim: DeliveryClaim | None = None
    failures = 0
    last_error = ""
    while True:
        async with deps.sessions.begin() as session:
            if claim is None:
                taken = await claim_delivery(session, event_id, key, claim_seconds=deps.claim_seconds)
                if taken == "sent":
                    log.info("mail_already_sent", recipient=key)
                    return "already_sent", ""
                if taken == "failed":
                    return "failed", "refused for good on an earlier delivery (see email_deliveries.last_error)"
                claim = taken if isinstance(taken, DeliveryClaim) else None
                last_error = BUSY if claim is None else last_error
            else:
                claim = await next_attempt(session, claim)
        if claim is not None:
            try:
                await deps.mailer.send(mail)
            except MailPermanentError as error:
                async with deps.sessions.begin() as session:
                    await mark_failed(session, claim, str(error))
                log.error("mail_refused", recipient=key, attempt=claim.attempt, error=str(error))
                return "failed", str(error)
            except MailTemporaryError as error:
                last_error = str(error)
                async with deps.sessions.begin() as session:
                    await note_temporary_failure(session, claim, last_error)
            else:
                async with deps.sessions.begin() as session:
                    if not await mark_sent(session, claim):
                        log.warning("mail_sent_after_claim_lapsed", recipient=key, attempt=claim.attempt)
                log.info("mail_sent", recipient=key, attempt=claim.attempt)
                return "sent", ""
        failures += 1
        delay = deps.retry.delay(failures)
        log.warning("mail_not_sent_will_retry", recipient=key, failures=failures, retry_in=round(delay, 2),
                    error=last_error)
        if asyncio.get_running_loop().time() + delay > deadline or not await pause(delay, deps.stopping):
            if claim is not None:
                async with deps.sessions.begin() as session:
                    await release_delivery(session, claim, last_error, claim_seconds=deps.claim_seconds)
            return "postponed", last_error


def _summary(what: str, errors: dict[str, str]) -> str:
    return f"{len(errors)} recipient(s) {what}: " + "; ".join(f"{who}: {error}" for who, error in errors.items())

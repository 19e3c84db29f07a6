"""The notifier's per-(event, recipient) record: claimed before sending, so each mail goes out once.

A row is *claimed* while ``status = 'pending'`` and ``updated_at`` is younger than the claim lease: its
holder is sending. ``attempts`` counts SMTP attempts and doubles as the claim's fencing token — every
write of a holder names the attempt it made, so a holder whose lease lapsed (and was taken over) cannot
mark the row. No column holds a lease end, so a released claim is written as one that just lapsed.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.notifications import EmailDelivery
from jiraex_shared.db.repositories.clock import resolve_now
from jiraex_shared.db.repositories.dialect_insert import upsert_insert
from jiraex_shared.db.repositories.fencing import fenced_update

# email_deliveries.event_id is 64 characters; a contract message id may be up to 128.
EVENT_ID_LENGTH = 64
MAX_ERROR_TEXT = 2_000

Settled = Literal["sent", "failed", "busy"]


class DeliveryClaim(NamedTuple):
    """The right to make SMTP attempt number ``attempt`` for one row."""

    delivery_id: uuid.UUID
    attempt: int


def delivery_event_key(message_id: str) -> str:
    """The ``event_id`` stored for a message id: the id itself, or its SHA-256 when it is too long."""
    if len(message_id) <= EVENT_ID_LENGTH:
        return message_id
    return hashlib.sha256(message_id.encode()).hexdigest()


async def claim_delivery(
    session: AsyncSession, event_id: str, recipient: str, *, claim_seconds: float, now: datetime | None = None
) -> DeliveryClaim | Settled:
    """Claim the mail of ``event_id`` to ``recipient`` for one attempt, creating its row the first time.

    Returns the claim, or why there is none: ``"sent"`` (done, never send again), ``"failed"`` (refused
    for good), ``"busy"`` (another holder's claim is live: someone is sending it right now).
    """
    now = resolve_now(now)
    inserted = (
        upsert_insert(session, EmailDelivery)
        .values(
            id=uuid.uuid4(), event_id=event_id, recipient=recipient, status="pending", attempts=1,
            created_at=now, updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_id", "recipient"])
        .returning(EmailDelivery.id, EmailDelivery.attempts)
    )
    row = (await session.execute(inserted)).first()
    if row is None:
        retaken = (
            update(EmailDelivery)
            .where(
                EmailDelivery.event_id == event_id, EmailDelivery.recipient == recipient,
                EmailDelivery.status == "pending", EmailDelivery.updated_at <= _lapsed(now, claim_seconds),
            )
            .values(attempts=EmailDelivery.attempts + 1, updated_at=now)
            .returning(EmailDelivery.id, EmailDelivery.attempts)
            .execution_options(synchronize_session=False)
        )
        row = (await session.execute(retaken)).first()
    if row is not None:
        return DeliveryClaim(row.id, row.attempts)
    status = await session.scalar(
        select(EmailDelivery.status).where(EmailDelivery.event_id == event_id, EmailDelivery.recipient == recipient)
    )
    return "busy" if status == "pending" else "sent" if status == "sent" else "failed"


async def next_attempt(
    session: AsyncSession, claim: DeliveryClaim, *, now: datetime | None = None
) -> DeliveryClaim | None:
    """Renew the claim for the following attempt; None when it was lost (lapsed and taken over)."""
    statement = _fenced(claim).values(attempts=claim.attempt + 1, updated_at=resolve_now(now))
    if await fenced_update(session, statement, "email_next_attempt", delivery_id=str(claim.delivery_id)):
        return DeliveryClaim(claim.delivery_id, claim.attempt + 1)
    return None


async def note_temporary_failure(
    session: AsyncSession, claim: DeliveryClaim, error: str, *, now: datetime | None = None
) -> bool:
    """Record why the attempt failed; the holder keeps the claim (it retries)."""
    statement = _fenced(claim).values(last_error=_bounded(error), updated_at=resolve_now(now))
    return await fenced_update(session, statement, "email_temporary_failure", delivery_id=str(claim.delivery_id))


async def mark_sent(session: AsyncSession, claim: DeliveryClaim, *, now: datetime | None = None) -> bool:
    now = resolve_now(now)
    statement = _fenced(claim).values(status="sent", sent_at=now, last_error=None, updated_at=now)
    return await fenced_update(session, statement, "email_mark_sent", delivery_id=str(claim.delivery_id))


async def mark_failed(session: AsyncSession, claim: DeliveryClaim, error: str, *, now: datetime | None = None) -> bool:
    statement = _fenced(claim).values(status="failed", last_error=_bounded(error), updated_at=resolve_now(now))
    return await fenced_update(session, statement, "email_mark_failed", delivery_id=str(claim.delivery_id))


async def release_delivery(
    session: AsyncSession, claim: DeliveryClaim, error: str, *, claim_seconds: float, now: datetime | None = None
) -> bool:
    """Give the claim up (the message goes back to the queue): the next delivery may claim at once."""
    values: dict[str, Any] = {"last_error": _bounded(error), "updated_at": _lapsed(resolve_now(now), claim_seconds)}
    statement = _fenced(claim).values(values)
    return await fenced_update(session, statement, "email_release", delivery_id=str(claim.delivery_id))


def _fenced(claim: DeliveryClaim) -> Any:
    return (
        update(EmailDelivery)
        .where(
            EmailDelivery.id == claim.delivery_id, EmailDelivery.attempts == claim.attempt,
            EmailDelivery.status == "pending",
        )
        .execution_options(synchronize_session=False)
    )


def _lapsed(now: datetime, claim_seconds: float) -> datetime:
    if claim_seconds <= 0:
        raise ValueError(f"a delivery claim must last a positive time, got {claim_seconds} s")
    return now - timedelta(seconds=claim_seconds)


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"

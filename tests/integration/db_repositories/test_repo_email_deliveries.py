"""The e-mail delivery records: one claim at a time per (event, recipient), fenced writes, lapsed claims retaken."""

from datetime import timedelta

from repo_helpers import Sessions
from sqlalchemy import select

from jiraex_shared.db import EmailDelivery, utcnow
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

CLAIM = 120.0


async def _claim(sessions: Sessions, event: str = "e-1", recipient: str = "a@x.org", **kwargs: object) -> object:
    async with sessions.begin() as session:
        return await claim_delivery(session, event, recipient, claim_seconds=CLAIM, **kwargs)  # type: ignore[arg-type]


async def _row(sessions: Sessions, event: str = "e-1", recipient: str = "a@x.org") -> EmailDelivery:
    async with sessions() as session:
        found = await session.scalars(
            select(EmailDelivery).where(EmailDelivery.event_id == event, EmailDelivery.recipient == recipient)
        )
        return found.one()


async def test_first_claim_creates_the_row_and_a_second_is_busy(sessions: Sessions) -> None:
    claim = await _claim(sessions)
    assert isinstance(claim, DeliveryClaim) and claim.attempt == 1
    assert await _claim(sessions) == "busy"
    assert await _claim(sessions, recipient="b@x.org") != "busy"  # another recipient is another row
    row = await _row(sessions)
    assert (row.status, row.attempts, row.recipient) == ("pending", 1, "a@x.org")


async def test_sent_is_final(sessions: Sessions) -> None:
    claim = await _claim(sessions)
    assert isinstance(claim, DeliveryClaim)
    async with sessions.begin() as session:
        assert await mark_sent(session, claim)
    assert await _claim(sessions) == "sent"
    assert await _claim(sessions, now=utcnow() + timedelta(days=1)) == "sent"
    row = await _row(sessions)
    assert row.status == "sent" and row.sent_at is not None and row.last_error is None


async def test_failed_is_final_and_keeps_the_reply(sessions: Sessions) -> None:
    claim = await _claim(sessions)
    assert isinstance(claim, DeliveryClaim)
    async with sessions.begin() as session:
        assert await mark_failed(session, claim, "550 no such user")
    assert await _claim(sessions, now=utcnow() + timedelta(days=1)) == "failed"
    assert (await _row(sessions)).last_error == "550 no such user"


async def test_attempts_count_and_fence_the_holder(sessions: Sessions) -> None:
    claim = await _claim(sessions)
    assert isinstance(claim, DeliveryClaim)
    async with sessions.begin() as session:
        assert await note_temporary_failure(session, claim, "connection refused")
        second = await next_attempt(session, claim)
    assert second == DeliveryClaim(claim.delivery_id, 2)
    async with sessions.begin() as session:
        assert not await mark_sent(session, claim)  # the first attempt's token is stale now
        assert await mark_sent(session, second)
    row = await _row(sessions)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_a_lapsed_claim_is_taken_over_and_the_old_holder_is_fenced_out(sessions: Sessions) -> None:
    old = await _claim(sessions)
    assert isinstance(old, DeliveryClaim)
    later = utcnow() + timedelta(seconds=CLAIM + 1)
    new = await _claim(sessions, now=later)
    assert new == DeliveryClaim(old.delivery_id, 2)
    async with sessions.begin() as session:
        assert not await mark_sent(session, old)
        assert await next_attempt(session, old) is None
        assert await mark_sent(session, new)  # type: ignore[arg-type]


async def test_a_released_claim_can_be_retaken_at_once(sessions: Sessions) -> None:
    claim = await _claim(sessions)
    assert isinstance(claim, DeliveryClaim)
    async with sessions.begin() as session:
        assert await release_delivery(session, claim, "timeout", claim_seconds=CLAIM)
    again = await _claim(sessions)
    assert again == DeliveryClaim(claim.delivery_id, 2)
    assert (await _row(sessions)).last_error == "timeout"


def test_long_message_ids_are_hashed_to_fit() -> None:
    assert delivery_event_key("abc") == "abc"
    key = delivery_event_key("x" * 128)
    assert len(key) == 64 and key == delivery_event_key("x" * 128)

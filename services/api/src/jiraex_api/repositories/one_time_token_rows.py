"""SQL over `invitations` and `password_resets`: consumed by a conditional UPDATE, so each works exactly once."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import Invitation, PasswordReset


class AcceptedInvitation(NamedTuple):
    email: str
    role: str


async def insert_invitation(
    session: AsyncSession, *, email: str, role: str, token_hash: str, invited_by: uuid.UUID, expires_at: datetime
) -> Invitation:
    row = Invitation(email=email, role=role, token_hash=token_hash, invited_by=invited_by, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def pending_invitations(session: AsyncSession, now: datetime) -> Sequence[Invitation]:
    query = select(Invitation).where(Invitation.accepted_at.is_(None), Invitation.expires_at > now)
    return (await session.scalars(query.order_by(Invitation.created_at))).all()


async def consume_invitation(session: AsyncSession, token_hash: str, now: datetime) -> AcceptedInvitation | None:
    """Mark the pending, unexpired invitation with this hash accepted; None when there is none (any reason)."""
    statement = (
        update(Invitation)
        .where(Invitation.token_hash == token_hash, Invitation.accepted_at.is_(None), Invitation.expires_at > now)
        .values(accepted_at=now)
        .returning(Invitation.email, Invitation.role)
    )
    row = (await session.execute(statement)).first()
    return AcceptedInvitation(*row) if row else None


async def insert_reset(session: AsyncSession, *, user_id: uuid.UUID, token_hash: str, expires_at: datetime) -> None:
    session.add(PasswordReset(user_id=user_id, token_hash=token_hash, expires_at=expires_at))
    await session.flush()


async def consume_reset(session: AsyncSession, token_hash: str, now: datetime) -> uuid.UUID | None:
    """Use the unused, unexpired reset with this hash; its user id, or None when there is none (any reason)."""
    statement = (
        update(PasswordReset)
        .where(PasswordReset.token_hash == token_hash, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now)
        .returning(PasswordReset.user_id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def void_resets_for_user(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    """Spend every other outstanding reset of the user: one reset ends the others."""
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )

"""SQL over `auth_tokens`: sessions are found by the hash of the presented token, never by the token."""

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import AuthToken, User


class ActiveToken(NamedTuple):
    token_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    role: str
    expires_at: datetime | None
    last_used_at: datetime | None


async def insert_token(
    session: AsyncSession, *, token_hash: str, user_id: uuid.UUID, kind: str, issued_at: datetime,
    expires_at: datetime, user_agent: str | None, ip: str | None,
) -> uuid.UUID:
    # last_used_at starts at issue time, so a token never used still reaches its idle timeout.
    row = AuthToken(
        token_hash=token_hash, user_id=user_id, kind=kind, expires_at=expires_at, last_used_at=issued_at,
        user_agent=(user_agent or "")[:512] or None, ip=ip,
    )
    session.add(row)
    await session.flush()
    return row.id


async def find_active(session: AsyncSession, token_hash: str, now: datetime) -> ActiveToken | None:
    """The unrevoked, unexpired token with this hash whose user is active, or None."""
    query = (
        select(AuthToken.id, User.id, User.email, User.role, AuthToken.expires_at, AuthToken.last_used_at)
        .join(User, User.id == AuthToken.user_id)
        .where(
            AuthToken.token_hash == token_hash,
            AuthToken.revoked_at.is_(None),
            or_(AuthToken.expires_at.is_(None), AuthToken.expires_at > now),
            User.active.is_(True),
        )
    )
    row = (await session.execute(query)).first()
    return ActiveToken(*row) if row else None


async def touch(session: AsyncSession, token_id: uuid.UUID, now: datetime) -> None:
    await session.execute(update(AuthToken).where(AuthToken.id == token_id).values(last_used_at=now))


async def revoke(session: AsyncSession, token_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(AuthToken).where(AuthToken.id == token_id, AuthToken.revoked_at.is_(None)).values(revoked_at=now)
    )


async def revoke_all_for_user(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None)).values(revoked_at=now)
    )

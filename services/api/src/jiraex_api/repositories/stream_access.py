"""The periodic re-check of a live SSE stream: is the session still valid, and with which role now."""

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import AuthToken, User


async def current_role(session: AsyncSession, token_id: uuid.UUID, now: datetime) -> str | None:
    """The user's role while the token is unrevoked, unexpired and its user active; None otherwise."""
    query = (
        select(User.role)
        .join(AuthToken, AuthToken.user_id == User.id)
        .where(
            AuthToken.id == token_id,
            AuthToken.revoked_at.is_(None),
            or_(AuthToken.expires_at.is_(None), AuthToken.expires_at > now),
            User.active.is_(True),
        )
    )
    return (await session.execute(query)).scalar_one_or_none()

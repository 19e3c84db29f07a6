"""SQL over `users`."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import User


async def by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email))


async def by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def all_users(session: AsyncSession) -> Sequence[User]:
    return (await session.scalars(select(User).order_by(User.created_at, User.email))).all()


async def count_users(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def count_active_admins(session: AsyncSession) -> int:
    query = select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))
    return int(await session.scalar(query) or 0)


async def set_password_hash(session: AsyncSession, user_id: uuid.UUID, password_hash: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


async def set_last_login(session: AsyncSession, user_id: uuid.UUID, when: datetime) -> None:
    await session.execute(update(User).where(User.id == user_id).values(last_login_at=when))


async def set_preferences(session: AsyncSession, user_id: uuid.UUID, preferences: dict[str, Any]) -> None:
    await session.execute(update(User).where(User.id == user_id).values(preferences=preferences))

"""Admins manage users: list, change role or status, delete; there is always at least one active admin."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import audit_rows, auth_token_rows, user_rows
from jiraex_api.services.context import AccountsContext
from jiraex_api.services.errors import Conflict, InvalidInput, NotFound
from jiraex_api.services.principal import Principal
from jiraex_shared.db import USER_ROLES, User
from jiraex_shared.log import get_logger

LAST_ADMIN = "this would leave no active admin"

log = get_logger(__name__)


async def list_users(session: AsyncSession) -> Sequence[User]:
    return await user_rows.all_users(session)


async def update_user(
    session: AsyncSession, ctx: AccountsContext, admin: Principal, user_id: uuid.UUID, *,
    role: str | None = None, active: bool | None = None,
) -> User:
    user = await _existing(session, user_id)
    if role is not None and role not in USER_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(USER_ROLES)}")
    loses_admin = user.role == "admin" and user.active and (role == "member" or active is False)
    if loses_admin and await user_rows.count_active_admins(session) <= 1:
        raise Conflict(LAST_ADMIN)
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
        if not active:
            # A disabled account's sessions end now, not when they expire (ASVS 7.4.2).
            await auth_token_rows.revoke_all_for_user(session, user.id, ctx.now())
    await audit_rows.record(session, at=ctx.now(), action="user_updated", actor_id=admin.user_id, target_type="user",
                            target_id=user.id, details={"role": user.role, "active": user.active})
    await session.commit()
    log.info("user_updated", user_id=str(user.id), role=user.role, active=user.active, by=str(admin.user_id))
    return user


async def delete_user(session: AsyncSession, ctx: AccountsContext, admin: Principal, user_id: uuid.UUID) -> None:
    user = await _existing(session, user_id)
    if user.role == "admin" and user.active and await user_rows.count_active_admins(session) <= 1:
        raise Conflict(LAST_ADMIN)
    await session.delete(user)
    await audit_rows.record(session, at=ctx.now(), action="user_deleted", actor_id=admin.user_id, target_type="user",
                            target_id=user_id, details={"email": user.email})
    await session.commit()
    log.info("user_deleted", user_id=str(user_id), by=str(admin.user_id))


async def _existing(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await user_rows.by_id(session, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user

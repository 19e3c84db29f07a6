"""Forgotten passwords: an e-mailed single-use link; the reply never says whether the address has an account."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_api.repositories import audit_rows, auth_token_rows, one_time_token_rows, user_rows
from jiraex_api.services.context import RESET_LIFETIME, AccountsContext
from jiraex_api.services.emails import iso, link, send_email
from jiraex_api.services.errors import InvalidInput
from jiraex_api.services.password_checks import hash_password, require_acceptable
from jiraex_api.services.token_secrets import new_token, plausible_token, token_hash
from jiraex_shared.db import normalize_email
from jiraex_shared.log import get_logger

INVALID_RESET = "this password reset link is invalid, was already used or has expired"

log = get_logger(__name__)


async def request_reset(session: AsyncSession, ctx: AccountsContext, *, email: str) -> None:
    """Send a reset link when ``email`` belongs to an active user; do nothing visible otherwise."""
    user = await user_rows.by_email(session, normalize_email(email))
    if user is None or not user.active:
        log.info("password_reset_requested", known=False)
        return
    token = new_token()
    expires_at = ctx.now() + RESET_LIFETIME
    await one_time_token_rows.insert_reset(
        session, user_id=user.id, token_hash=token_hash(token), expires_at=expires_at
    )
    await audit_rows.record(session, at=ctx.now(), action="password_reset_requested", actor_id=user.id)
    await session.commit()
    log.info("password_reset_requested", known=True, user_id=str(user.id))
    params = {"reset_url": link(ctx, "reset-password", token), "expires_at": iso(expires_at)}
    await send_email(ctx, "password_reset", user.email, params)


async def request_reset_in_background(
    sessions: async_sessionmaker[AsyncSession], ctx: AccountsContext, email: str
) -> None:
    """`request_reset` after the response: in its own session, failures logged (nobody is left to tell)."""
    try:
        async with sessions() as session:
            await request_reset(session, ctx, email=email)
    except Exception as error:  # a background task's error would otherwise vanish
        log.error("password_reset_request_failed", error=repr(error))


async def confirm_reset(session: AsyncSession, ctx: AccountsContext, *, token: str, password: str) -> None:
    """Set the new password, spend this and every other outstanding reset, and end all the user's sessions."""
    require_acceptable(password)
    if not plausible_token(token):
        raise InvalidInput(INVALID_RESET)
    now = ctx.now()
    user_id = await one_time_token_rows.consume_reset(session, token_hash(token), now)
    if user_id is None:
        raise InvalidInput(INVALID_RESET)
    await user_rows.set_password_hash(session, user_id, await hash_password(ctx.hasher, password))
    await one_time_token_rows.void_resets_for_user(session, user_id, now)
    await auth_token_rows.revoke_all_for_user(session, user_id, now)
    await audit_rows.record(session, at=now, action="password_reset", actor_id=user_id)
    await session.commit()
    log.info("password_reset_completed", user_id=str(user_id))

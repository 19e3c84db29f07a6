"""Log in, resolve a presented session token, log out (ASVS V6, V7)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import audit_rows, auth_token_rows, user_rows
from jiraex_api.services.context import SESSION_IDLE, SESSION_LIFETIME, AccountsContext
from jiraex_api.services.errors import NotAuthenticated, TooManyAttempts
from jiraex_api.services.password_checks import hash_password, verify_password
from jiraex_api.services.principal import Principal
from jiraex_api.services.token_secrets import new_token, plausible_token, token_hash
from jiraex_shared.db import User, normalize_email
from jiraex_shared.log import get_logger

# One message for every failure (unknown address, wrong password, disabled account): no account enumeration.
LOGIN_FAILED = "the e-mail address or the password is wrong"
TOO_MANY = "too many failed logins; try again later"
# Writing last_used_at on every request would turn each read into a write; this precision suffices for the
# idle timeout.
TOUCH_EVERY_SECONDS = 60

log = get_logger(__name__)


@dataclass(frozen=True)
class LoginResult:
    token: str
    user: User
    expires_at: datetime


async def login(
    session: AsyncSession, ctx: AccountsContext, *, email: str, password: str, address: str, user_agent: str | None
) -> LoginResult:
    """A fresh session token for valid credentials; `NotAuthenticated` or `TooManyAttempts` otherwise."""
    normalized = normalize_email(email)
    wait = await ctx.throttle.blocked_for(normalized, address)
    if wait:
        log.warning("login_throttled", client=address, retry_after=wait)
        raise TooManyAttempts(TOO_MANY, retry_after=wait)
    user = await user_rows.by_email(session, normalized)
    # Verify even when there is no such user, against a dummy hash, so both cases take the same time.
    valid = await verify_password(ctx.hasher, user.password_hash if user else ctx.dummy_hash, password)
    if user is None or not valid or not user.active:
        await ctx.throttle.record_failure(normalized, address)
        # Unknown addresses are audited without the address: people type passwords into the wrong field.
        await audit_rows.record(session, at=ctx.now(), action="login_failed", actor_id=user.id if user else None,
                                ip=address)
        await session.commit()
        log.info("login_failed", user_id=str(user.id) if user else None, client=address)
        raise NotAuthenticated(LOGIN_FAILED)
    now = ctx.now()
    if ctx.hasher.needs_rehash(user.password_hash):
        # The parameters changed since this hash was made: upgrade it now that the password is at hand.
        user.password_hash = await hash_password(ctx.hasher, password)
    token = new_token()
    expires_at = now + SESSION_LIFETIME
    await auth_token_rows.insert_token(
        session, token_hash=token_hash(token), user_id=user.id, kind="session", issued_at=now, expires_at=expires_at,
        user_agent=user_agent, ip=address,
    )
    user.last_login_at = now
    await audit_rows.record(session, at=now, action="login", actor_id=user.id, ip=address)
    await session.commit()
    await ctx.throttle.record_success(normalized, address)
    log.info("login_succeeded", user_id=str(user.id), client=address)
    return LoginResult(token=token, user=user, expires_at=expires_at)


async def authenticate(session: AsyncSession, ctx: AccountsContext, token: str) -> Principal | None:
    """The caller behind ``token``, or None when it is unknown, revoked, expired, idle too long or its user disabled."""
    if not plausible_token(token):
        return None
    now = ctx.now()
    found = await auth_token_rows.find_active(session, token_hash(token), now)
    if found is None:
        return None
    last_used = found.last_used_at
    if last_used is not None and now - last_used > SESSION_IDLE:
        await auth_token_rows.revoke(session, found.token_id, now)
        await session.commit()
        return None
    if last_used is None or (now - last_used).total_seconds() > TOUCH_EVERY_SECONDS:
        await auth_token_rows.touch(session, found.token_id, now)
        await session.commit()
    return Principal(user_id=found.user_id, email=found.email, role=found.role, token_id=found.token_id)


async def logout(session: AsyncSession, ctx: AccountsContext, principal: Principal) -> None:
    await auth_token_rows.revoke(session, principal.token_id, ctx.now())
    await audit_rows.record(session, at=ctx.now(), action="logout", actor_id=principal.user_id)
    await session.commit()
    log.info("logout", user_id=str(principal.user_id))


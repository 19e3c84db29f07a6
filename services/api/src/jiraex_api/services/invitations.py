"""Invite a person by e-mail (admins) and accept an invitation with a password of one's own (ASVS 6.4.1)."""

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import audit_rows, one_time_token_rows, user_rows
from jiraex_api.services.context import INVITATION_LIFETIME, AccountsContext
from jiraex_api.services.emails import iso, link, send_email
from jiraex_api.services.errors import Conflict, InvalidInput, Unavailable
from jiraex_api.services.password_checks import hash_password, require_acceptable
from jiraex_api.services.principal import Principal
from jiraex_api.services.token_secrets import new_token, plausible_token, token_hash
from jiraex_shared.accounts import AccountError, create_user, validate_email
from jiraex_shared.db import USER_ROLES, Invitation, User
from jiraex_shared.log import get_logger

INVALID_INVITATION = "this invitation link is invalid, was already used or has expired"

log = get_logger(__name__)


async def invite(
    session: AsyncSession, ctx: AccountsContext, inviter: Principal, *, email: str, role: str
) -> Invitation:
    try:
        address = validate_email(email)
    except AccountError as error:
        raise InvalidInput(str(error)) from None
    if role not in USER_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(USER_ROLES)}")
    if await user_rows.by_email(session, address) is not None:
        raise Conflict(f"a user with the e-mail address {address} already exists")
    token = new_token()
    invitation = await one_time_token_rows.insert_invitation(
        session, email=address, role=role, token_hash=token_hash(token), invited_by=inviter.user_id,
        expires_at=ctx.now() + INVITATION_LIFETIME,
    )
    await audit_rows.record(session, at=ctx.now(), action="user_invited", actor_id=inviter.user_id,
                            target_type="invitation", target_id=invitation.id, details={"email": address, "role": role})
    await session.commit()
    log.info("user_invited", invitation_id=str(invitation.id), role=role, by=str(inviter.user_id))
    params = {"accept_url": link(ctx, "accept-invitation", token), "invited_by": inviter.email,
              "expires_at": iso(invitation.expires_at)}
    if not await send_email(ctx, "invitation", address, params):
        raise Unavailable("the invitation was saved but its e-mail could not be queued; invite again later")
    return invitation


async def accept_invitation(session: AsyncSession, ctx: AccountsContext, *, token: str, password: str) -> User:
    """Create the invited account; the token is spent in the same transaction that creates the user."""
    require_acceptable(password)  # before spending the token, so a weak password can be corrected
    if not plausible_token(token):
        raise InvalidInput(INVALID_INVITATION)
    accepted = await one_time_token_rows.consume_invitation(session, token_hash(token), ctx.now())
    if accepted is None:
        raise InvalidInput(INVALID_INVITATION)
    if await user_rows.by_email(session, accepted.email) is not None:
        await session.rollback()
        raise Conflict(f"a user with the e-mail address {accepted.email} already exists")
    password_hash = await hash_password(ctx.hasher, password)
    try:
        user = await create_user(
            session, email=accepted.email, password=password, role=accepted.role, hasher=_Prehashed(password_hash)
        )
    except AccountError as error:
        await session.rollback()
        raise InvalidInput(str(error)) from None
    await audit_rows.record(session, at=ctx.now(), action="invitation_accepted", actor_id=user.id,
                            target_type="user", target_id=user.id)
    await session.commit()
    log.info("invitation_accepted", user_id=str(user.id), role=user.role)
    return user


class _Prehashed:
    """Hands `create_user` a hash computed off the event loop."""

    def __init__(self, password_hash: str) -> None:
        self._hash = password_hash

    def hash(self, _password: str) -> str:
        return self._hash

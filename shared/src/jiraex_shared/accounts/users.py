"""Create user accounts (used by `jiraex create-user`, the first-admin bootstrap and invitations)."""

import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.users import USER_ROLES, User, normalize_email
from jiraex_shared.security.passwords import PasswordHasher, PasswordPolicyError, check_password_policy

# Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is proven by the invitation mail.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """The account cannot be created as asked; the message is safe to show."""


def validate_email(email: str) -> str:
    normalized = normalize_email(email)
    if len(normalized) > 320 or not _EMAIL.fullmatch(normalized):
        raise AccountError(f"{email!r} is not an e-mail address")
    return normalized


async def create_user(
    session: AsyncSession, *, email: str, password: str, role: str, hasher: PasswordHasher
) -> User:
    """Add an active user; the caller commits. Raises `AccountError` for a taken address or a weak password."""
    normalized = validate_email(email)
    if role not in USER_ROLES:
        raise AccountError(f"role must be one of {', '.join(USER_ROLES)}")
    try:
        check_password_policy(password)
    except PasswordPolicyError as error:
        raise AccountError(str(error)) from None
    taken = await session.scalar(select(func.count()).select_from(User).where(User.email == normalized))
    if taken:
        raise AccountError(f"a user with the e-mail address {normalized} already exists")
    user = User(email=normalized, password_hash=hasher.hash(password), role=role, active=True, preferences={})
    session.add(user)
    await session.flush()
    return user

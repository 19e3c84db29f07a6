"""The first admin: created at start from JIRA_EXTRACTOR_ADMIN_EMAIL/_ADMIN_PASSWORD when no user exists yet."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_api.repositories import audit_rows, user_rows
from jiraex_shared.accounts import AccountError, create_user
from jiraex_shared.db import utcnow
from jiraex_shared.log import get_logger
from jiraex_shared.security import PasswordHasher
from jiraex_shared.settings import Settings

log = get_logger(__name__)


class BootstrapError(RuntimeError):
    """The configured first admin cannot be created (bad address or weak password); the message says which."""


async def ensure_first_admin(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, hasher: PasswordHasher
) -> bool:
    """True when this call created the admin. Several replicas may race: the unique e-mail lets one win."""
    if not (settings.admin_email and settings.admin_password):
        return False
    async with sessions() as session:
        if await user_rows.count_users(session):
            return False
        try:
            user = await create_user(
                session, email=settings.admin_email, password=settings.admin_password, role="admin", hasher=hasher
            )
            await audit_rows.record(session, at=utcnow(), action="first_admin_created", target_type="user",
                                    target_id=user.id)
            await session.commit()
        except AccountError as error:
            raise BootstrapError(f"JIRA_EXTRACTOR_ADMIN_EMAIL/_ADMIN_PASSWORD: {error}") from None
        except IntegrityError:
            log.info("first_admin_created_elsewhere")
            return False
    log.info("first_admin_created", user_id=str(user.id))
    return True

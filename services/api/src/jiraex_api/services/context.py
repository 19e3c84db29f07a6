"""What the account services need besides a database session, built once by the composition root."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jiraex_api.services.login_throttle import LoginThrottle
from jiraex_api.services.token_secrets import new_token
from jiraex_shared.bus import CommandBus
from jiraex_shared.security import PasswordHasher

SESSION_LIFETIME = timedelta(hours=12)  # absolute (ASVS 7.3.2): a stolen cookie dies within a working day
SESSION_IDLE = timedelta(hours=2)  # idle (ASVS 7.3.1)
INVITATION_LIFETIME = timedelta(hours=72)
RESET_LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class AccountsContext:
    hasher: PasswordHasher
    throttle: LoginThrottle
    bus: CommandBus
    clock: Callable[[], datetime]
    # Base of the links in e-mails (JIRA_EXTRACTOR_PUBLIC_URL), without a trailing slash.
    public_url: str
    # A hash of a random password with the current parameters: verified against when the e-mail is unknown,
    # so an unknown account costs the same argon2 work as a known one (no enumeration by timing).
    dummy_hash: str

    def now(self) -> datetime:
        return self.clock()


async def create_accounts_context(
    *, hasher: PasswordHasher, throttle: LoginThrottle, bus: CommandBus, clock: Callable[[], datetime],
    public_url: str,
) -> AccountsContext:
    dummy = await asyncio.to_thread(hasher.hash, new_token())
    return AccountsContext(
        hasher=hasher, throttle=throttle, bus=bus, clock=clock, public_url=public_url.rstrip("/"), dummy_hash=dummy
    )

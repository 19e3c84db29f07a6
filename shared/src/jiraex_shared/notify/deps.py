"""What the notification handlers need, and the adapter choice for them (SMTP when a host is configured)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.notify.mailer import Mailer
from jiraex_shared.notify.memory_mailer import MemoryMailer
from jiraex_shared.notify.retry import RetryPolicy
from jiraex_shared.notify.smtp_mailer import SESSION_TIMEOUTS, SmtpConfig, SmtpMailer
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url

# Beyond the longest silence of a live holder (a backoff pause plus one SMTP session) a claim has lapsed.
CLAIM_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class NotifierDeps:
    """``stopping`` is set at shutdown: retry pauses end at once and the message goes back to its queue."""

    sessions: async_sessionmaker[AsyncSession]
    mailer: Mailer
    sender: str
    public_url: str
    retry: RetryPolicy
    claim_seconds: float
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


def create_mailer(settings: Settings) -> Mailer:
    """SMTP when ``JIRA_EXTRACTOR_SMTP_HOST`` is set, else the in-memory mailer (mail is logged, not sent)."""
    if settings.smtp_host:
        return SmtpMailer(SmtpConfig.from_settings(settings))
    return MemoryMailer()


def claim_seconds_for(settings: Settings, retry: RetryPolicy) -> float:
    return retry.max_delay + settings.smtp_timeout_seconds * SESSION_TIMEOUTS + CLAIM_MARGIN_SECONDS


@asynccontextmanager
async def open_notifier_deps(
    settings: Settings, *, mailer: Mailer | None = None, retry: RetryPolicy | None = None
) -> AsyncIterator[NotifierDeps]:
    """Open the database engine and the mailer for the life of a process (or of the embedded API)."""
    retry = retry or RetryPolicy()
    engine = create_db_engine(database_url(settings))
    try:
        yield NotifierDeps(
            sessions=create_session_factory(engine),
            mailer=mailer or create_mailer(settings),
            sender=settings.mail_from,
            public_url=settings.public_url,
            retry=retry,
            claim_seconds=claim_seconds_for(settings, retry),
        )
    finally:
        await engine.dispose()

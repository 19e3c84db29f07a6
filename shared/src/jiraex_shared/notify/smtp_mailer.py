"""The SMTP mailer: aiosmtplib with STARTTLS or implicit TLS, optional login, a timeout on every step."""

import asyncio
from dataclasses import dataclass
from email.utils import parseaddr

import aiosmtplib

from jiraex_shared.notify.errors import MailTemporaryError
from jiraex_shared.notify.mail import OutgoingMail
from jiraex_shared.notify.mime_message import build_mime
from jiraex_shared.notify.smtp_errors import classify_smtp_error
from jiraex_shared.settings import Settings
from jiraex_shared.settings.model import SmtpTls

# The timeout bounds each SMTP step; a whole session (connect, TLS, login, MAIL, RCPT, DATA) gets this many,
# so a server that answers every step just in time still cannot hold a mail (and its claim) for long.
SESSION_TIMEOUTS = 2


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str
    password: str
    tls: SmtpTls
    timeout_seconds: float
    # A PEM file of CAs to trust instead of the system's (a private relay's own CA); None: the system store.
    cert_bundle: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "SmtpConfig":
        return cls(
            host=settings.smtp_host, port=settings.smtp_port, username=settings.smtp_username,
            password=settings.smtp_password, tls=settings.smtp_tls, timeout_seconds=settings.smtp_timeout_seconds,
        )

    def __repr__(self) -> str:  # the password must never reach a log line through a repr
        return f"SmtpConfig(host={self.host!r}, port={self.port}, tls={self.tls!r}, user={bool(self.username)})"


class SmtpMailer:
    """One SMTP session per mail: a notifier sends a handful a minute, and a fresh connection never goes stale.

    ``tls="starttls"`` requires the upgrade (a server without STARTTLS is an error, never plaintext),
    ``"tls"`` connects with TLS from the first byte (port 465), ``"none"`` sends in the clear (local relays).
    """

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, mail: OutgoingMail) -> None:
        config = self._config
        session_limit = config.timeout_seconds * SESSION_TIMEOUTS
        try:
            async with asyncio.timeout(session_limit):
                await self._send(mail)
        except TimeoutError as error:
            if isinstance(error, aiosmtplib.SMTPException):
                raise classify_smtp_error(error) from error
            raise MailTemporaryError(f"SMTP session took longer than {session_limit:g} s") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise classify_smtp_error(error) from error

    async def _send(self, mail: OutgoingMail) -> None:
        config = self._config
        await aiosmtplib.send(
            build_mime(mail),
            sender=_address(mail.sender),
            recipients=[mail.recipient],
            hostname=config.host,
            port=config.port,
            username=config.username or None,
            password=config.password or None,
            use_tls=config.tls == "tls",
            start_tls=config.tls == "starttls",
            timeout=config.timeout_seconds,
            cert_bundle=config.cert_bundle,
        )


def _address(sender: str) -> str:
    """The envelope sender: the bare address of a ``Name <address>`` From value."""
    return parseaddr(sender)[1] or sender

"""Classify what aiosmtplib raised: retry later (connection, timeout, 4xx, configuration) or give up (5xx)."""

from aiosmtplib import (
    SMTPDataError,
    SMTPException,
    SMTPRecipientRefused,
    SMTPRecipientsRefused,
    SMTPResponseException,
)

from jiraex_shared.notify.errors import MailError, MailPermanentError, MailTemporaryError

MAX_REPLY_TEXT = 1_000


def classify_smtp_error(error: SMTPException | OSError) -> MailError:
    """The ``MailError`` for a failed send.

    Only a 5xx refusal of the recipient (RCPT) or of the message itself (DATA) is permanent: those are
    about this mail. A 5xx to AUTH, MAIL FROM, HELO or at connect means the server or our settings are
    wrong, which affects every mail alike and is fixed by an operator, so it is retried like an outage.
    """
    if isinstance(error, SMTPRecipientsRefused):
        codes = [refused.code for refused in error.recipients]
        text = "; ".join(_reply(refused) for refused in error.recipients) or str(error)
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return (MailPermanentError if permanent else MailTemporaryError)(_bounded(text))
    if isinstance(error, SMTPRecipientRefused | SMTPDataError):
        return (MailPermanentError if error.code >= 500 else MailTemporaryError)(_bounded(_reply(error)))
    if isinstance(error, SMTPResponseException):
        return MailTemporaryError(_bounded(f"{type(error).__name__}: {_reply(error)}"))
    return MailTemporaryError(_bounded(f"{type(error).__name__}: {error}"))


def _reply(error: SMTPResponseException) -> str:
    return f"{error.code} {error.message}".strip()


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_REPLY_TEXT else text[: MAX_REPLY_TEXT - 1] + "…"

"""Retry classification of aiosmtplib errors: connection trouble, 4xx and configuration retry; 5xx to a mail fails."""

import pytest
from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPConnectError,
    SMTPConnectTimeoutError,
    SMTPDataError,
    SMTPNotSupported,
    SMTPReadTimeoutError,
    SMTPRecipientRefused,
    SMTPRecipientsRefused,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)

from jiraex_shared.bus import is_transient
from jiraex_shared.notify import MailPermanentError, MailTemporaryError
from jiraex_shared.notify.smtp_errors import classify_smtp_error

TEMPORARY = [
    ConnectionRefusedError(111, "Connection refused"),
    SMTPConnectError("Error connecting to 127.0.0.1 on port 2525"),
    SMTPConnectTimeoutError("Timed out connecting"),
    SMTPReadTimeoutError("Timed out waiting for server response"),
    SMTPServerDisconnected("Unexpected EOF received"),
    SMTPRecipientsRefused([SMTPRecipientRefused(450, "mailbox busy", "a@x.org")]),
    SMTPDataError(451, "local error in processing"),
    SMTPAuthenticationError(535, "authentication failed"),
    SMTPSenderRefused(553, "sender not allowed", "noreply@x.org"),
    SMTPNotSupported("STARTTLS extension not supported by server"),
]
PERMANENT = [
    SMTPRecipientsRefused([SMTPRecipientRefused(550, "no such user", "a@x.org")]),
    SMTPRecipientRefused(551, "user not local", "a@x.org"),
    SMTPDataError(554, "message rejected as spam"),
]


@pytest.mark.parametrize("error", TEMPORARY, ids=lambda error: type(error).__name__)
def test_temporary(error: Exception) -> None:
    assert isinstance(classify_smtp_error(error), MailTemporaryError)


@pytest.mark.parametrize("error", PERMANENT, ids=lambda error: type(error).__name__)
def test_permanent_keeps_the_servers_reply(error: Exception) -> None:
    classified = classify_smtp_error(error)
    assert isinstance(classified, MailPermanentError)
    assert str(classified)[:3] in {"550", "551", "554"}


def test_mixed_refusals_are_retried() -> None:
    refused = SMTPRecipientsRefused([
        SMTPRecipientRefused(550, "no", "a@x.org"), SMTPRecipientRefused(452, "later", "b@x.org"),
    ])
    assert isinstance(classify_smtp_error(refused), MailTemporaryError)


def test_mail_errors_are_not_transient_to_the_bus_policy() -> None:
    # The notifier settles MailTemporaryError itself (it parks the message); the generic policy must not
    # requeue a permanent one.
    assert not is_transient(MailPermanentError("550 no"))

"""One rendered mail, and one mail addressed to one recipient, ready for a mailer."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedMail:
    """A template's output: a one-line subject, a plain-text body and an HTML body saying the same."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class OutgoingMail:
    """``content`` for ``recipient`` from ``sender``.

    ``message_id`` is the Message-ID header, derived from the event and the recipient, so the rare resend
    after a crash between SMTP's answer and our record carries the same id and mail clients can fold it.
    """

    sender: str
    recipient: str
    content: RenderedMail
    message_id: str

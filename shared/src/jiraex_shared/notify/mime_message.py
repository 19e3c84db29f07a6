"""Turn an ``OutgoingMail`` into a multipart/alternative MIME message (plain text first, HTML preferred)."""

from email.message import EmailMessage
from email.utils import formatdate

from jiraex_shared.notify.mail import OutgoingMail


def build_mime(mail: OutgoingMail) -> EmailMessage:
    """The RFC 5322 message for ``mail``; header values were made single-line by the templates."""
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.recipient
    message["Subject"] = mail.content.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = mail.message_id
    # RFC 3834: tells auto-responders (vacation replies) not to answer a machine-sent mail.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.content.text, subtype="plain", charset="utf-8")
    message.add_alternative(mail.content.html, subtype="html", charset="utf-8")
    return message

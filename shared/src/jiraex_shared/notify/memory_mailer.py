"""The mailer of a deployment without SMTP: mail is kept in memory and logged (recipient and subject only)."""

from collections import deque

from jiraex_shared.log import get_logger
from jiraex_shared.notify.mail import OutgoingMail

# Enough to look at recent mail in the embedded product; older mail is dropped, never the process's memory.
OUTBOX_CAPACITY = 500

log = get_logger(__name__)


class MemoryMailer:
    """Accepts every mail into ``outbox`` (the newest ``capacity``); nothing leaves the process.

    Bodies are not logged: invitation and reset mails carry single-use secrets in their links.
    """

    def __init__(self, capacity: int = OUTBOX_CAPACITY) -> None:
        self.outbox: deque[OutgoingMail] = deque(maxlen=capacity)

    async def send(self, mail: OutgoingMail) -> None:
        self.outbox.append(mail)
        log.info("mail_kept_not_sent", recipient=mail.recipient, subject=mail.content.subject)

    def messages_to(self, recipient: str) -> list[OutgoingMail]:
        wanted = recipient.strip().lower()
        return [mail for mail in self.outbox if mail.recipient.lower() == wanted]

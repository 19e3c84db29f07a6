"""The port mail goes out through: SMTP in the fleet, memory when no SMTP host is configured."""

from typing import Protocol

from jiraex_shared.notify.mail import OutgoingMail


class Mailer(Protocol):
    async def send(self, mail: OutgoingMail) -> None:
        """Hand ``mail`` to the mail system; return once it accepted it.

        Raises ``MailTemporaryError`` when trying again later may work and ``MailPermanentError`` when the
        server refused the recipient or the message for good.
        """
        ...

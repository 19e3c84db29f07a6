"""A mailer for the dispatch tests: fails with the queued errors first, then hands mail to a MemoryMailer."""

from jiraex_shared.notify import MemoryMailer, OutgoingMail


class ScriptedMailer(MemoryMailer):
    """Raises each queued error once, in order (or the last one for ever with ``repeat_last``), then delivers."""

    def __init__(self, *errors: Exception, repeat_last: bool = False) -> None:
        super().__init__()
        self.errors = list(errors)
        self.repeat_last = repeat_last
        self.attempts = 0

    async def send(self, mail: OutgoingMail) -> None:
        self.attempts += 1
        if self.errors:
            error = self.errors[0] if self.repeat_last and len(self.errors) == 1 else self.errors.pop(0)
            raise error
        await super().send(mail)

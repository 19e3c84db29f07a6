"""The exception every JQL failure raises, carrying Jira's errorMessages."""


class JqlError(Exception):
    """A query Jira would answer with HTTP 400 and `{"errorMessages": messages, "errors": {}}`."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages

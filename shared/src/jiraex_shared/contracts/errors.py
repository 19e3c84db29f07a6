"""The one exception raised when bytes on the wire do not form a valid contract message."""


class ContractError(ValueError):
    """A message body that cannot be decoded into a contract Struct.

    Consumers dead-letter such messages (never retry them) and put ``str(error)`` in a header, so
    the text names the message type when it is known and the JSON path of the offending value.
    """

    def __init__(self, message: str, *, message_type: str | None = None) -> None:
        super().__init__(message)
        self.message_type = message_type

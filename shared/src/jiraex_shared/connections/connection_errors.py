"""What the connection service refuses; the messages are safe to show and never contain a credential."""

from __future__ import annotations

from jiraex_shared.db.repositories.connection_rows import ConnectionNotFound

__all__ = ["ConnectionInputError", "ConnectionNotFound"]


class ConnectionInputError(ValueError):
    """A field of a connection is invalid; ``field`` names it for the caller's form (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

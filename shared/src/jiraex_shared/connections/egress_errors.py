"""The refusal raised when a Jira request would reach an address that is not allowed."""

from __future__ import annotations

from jiraex_shared.jira.errors import JiraPermanentError


class EgressRefused(JiraPermanentError):
    """A connection to a non-public address that no admin allow-listed; no socket was opened to it.

    A permanent Jira error, so the client does not retry it and a worker fails the job with this text. The
    message names the host the user typed (or a redirect named) but never the address it resolved to:
    telling which internal names exist would make the guard an oracle. ``reason`` ("loopback", …) is for logs.
    """

    def __init__(self, host: str, reason: str) -> None:
        self.host = host
        self.reason = reason
        super().__init__(
            f"the address of {host!r} is not allowed: it is not a public internet address "
            "(an administrator can allow-list it in jira_allowed_hosts)"
        )

    def _text(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.host, self.reason))

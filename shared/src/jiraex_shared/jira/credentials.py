"""Jira credentials and the Authorization header they produce; the secret never shows in a repr."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Literal

AuthKind = Literal["basic", "bearer"]


@dataclass(frozen=True)
class JiraCredentials:
    """Basic (Cloud e-mail + API token, Server username + password) or Bearer (Server/DC access token).

    `token` is excluded from the dataclass repr and comparison output so that it can never leak through logs,
    tracebacks or assertion messages.
    """

    auth: AuthKind
    user: str | None
    token: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.auth not in ("basic", "bearer"):
            raise ValueError(f"unknown Jira auth kind {self.auth!r}; expected 'basic' or 'bearer'")
        if self.auth == "basic" and not self.user:
            raise ValueError("basic auth needs a user (the e-mail address on Cloud, the username on Server)")
        if not self.token:
            raise ValueError("the Jira token (or password) is empty")

    def __repr__(self) -> str:
        return f"JiraCredentials(auth={self.auth!r}, user={self.user!r}, token='***')"

    __str__ = __repr__

    def authorization(self) -> str:
        """The value of the `Authorization` header."""
        if self.auth == "bearer":
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.token}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

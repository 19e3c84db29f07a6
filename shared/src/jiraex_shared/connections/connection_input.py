"""The fields a user gives for a connection, and the rules each must satisfy before anything is stored."""

from __future__ import annotations

import math
from typing import Final

import msgspec

from jiraex_shared.connections.connection_errors import ConnectionInputError
from jiraex_shared.db.connections import AUTH_KINDS
from jiraex_shared.jira.server_info import is_cloud_host

MAX_NAME_LENGTH: Final = 200
MAX_USERNAME_LENGTH: Final = 320
# Atlassian API tokens are ~200 characters and PATs ~44; the cap refuses megabyte "tokens" long before AES.
MAX_TOKEN_LENGTH: Final = 4096
MAX_RATE_CAP_RPS: Final = 1000.0
DEPLOYMENT_CHOICES: Final = ("cloud", "server")


class NewConnection(msgspec.Struct, frozen=True, kw_only=True):
    """A connection to create. ``auth_kind`` "basic" is e-mail + API token on Cloud or user + password on
    Server; "bearer" is a Server/Data Center personal access token. ``deployment`` None: detected by a test."""

    name: str
    base_url: str
    auth_kind: str
    token: str
    username: str | None = None
    deployment: str | None = None
    rate_cap_rps: float | None = None

    def __repr__(self) -> str:
        return f"NewConnection(name={self.name!r}, base_url={self.base_url!r}, auth_kind={self.auth_kind!r})"


class ConnectionChanges(msgspec.Struct, frozen=True, kw_only=True):
    """A partial update; an omitted field keeps its value (``token`` omitted keeps the stored credential).

    ``clear_rate_cap`` removes the cap, since None already means "unchanged".
    """

    name: str | None = None
    base_url: str | None = None
    auth_kind: str | None = None
    token: str | None = None
    username: str | None = None
    deployment: str | None = None
    rate_cap_rps: float | None = None
    clear_rate_cap: bool = False

    def __repr__(self) -> str:
        changed = [field for field in self.__struct_fields__ if field != "token" and getattr(self, field)]
        return f"ConnectionChanges(fields={changed}, token_changed={self.token is not None})"


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ConnectionInputError("name", "a connection needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise ConnectionInputError("name", f"at most {MAX_NAME_LENGTH} characters")
    return name


def check_token(token: str) -> str:
    if not token or not token.strip():
        raise ConnectionInputError("token", "the API token (or password) is required")
    if len(token) > MAX_TOKEN_LENGTH:
        raise ConnectionInputError("token", f"at most {MAX_TOKEN_LENGTH} characters")
    if any(ord(character) < 32 or ord(character) == 127 for character in token):
        raise ConnectionInputError("token", "the token contains control characters (a stray newline?)")
    return token


def check_auth(auth_kind: str, username: str | None, base_url: str) -> str | None:
    """The username to store: required for basic, and an e-mail address when the site is Jira Cloud."""
    if auth_kind not in AUTH_KINDS:
        raise ConnectionInputError("auth_kind", f"must be one of {', '.join(AUTH_KINDS)}")
    username = (username or "").strip() or None
    if username is not None and len(username) > MAX_USERNAME_LENGTH:
        raise ConnectionInputError("username", f"at most {MAX_USERNAME_LENGTH} characters")
    if auth_kind == "basic" and username is None:
        raise ConnectionInputError(
            "username", "basic authentication needs the account's e-mail (Cloud) or username (Server)"
        )
    if auth_kind == "basic" and is_cloud_host(base_url) and "@" not in (username or ""):
        raise ConnectionInputError("username", "Jira Cloud signs in with the account's e-mail address")
    return username


def check_deployment(deployment: str | None) -> str:
    if deployment is None:
        return "unknown"
    if deployment not in DEPLOYMENT_CHOICES:
        raise ConnectionInputError("deployment", f"must be one of {', '.join(DEPLOYMENT_CHOICES)} (or omitted)")
    return deployment


def check_rate_cap(rate_cap_rps: float | None) -> float | None:
    if rate_cap_rps is None:
        return None
    if not math.isfinite(rate_cap_rps) or not 0 < rate_cap_rps <= MAX_RATE_CAP_RPS:
        raise ConnectionInputError("rate_cap_rps", f"must be above 0 and at most {MAX_RATE_CAP_RPS:g}")
    return float(rate_cap_rps)

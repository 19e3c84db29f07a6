"""Connections and the admin config as the API reads and writes them; the Jira token is accepted, never returned."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from jiraex_shared.connections import ConnectionTestResult, FieldEntry
from jiraex_shared.connections.connection_input import MAX_NAME_LENGTH, MAX_TOKEN_LENGTH, MAX_USERNAME_LENGTH

__all__ = [
    "AdminConfigIn", "AdminConfigOut", "ConnectionCreate", "ConnectionOut", "ConnectionPatch",
    "ConnectionTestResult", "FieldEntry",
]

AuthKind = Literal["basic", "bearer"]
Deployment = Literal["cloud", "server"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_NAME_LENGTH)]
BaseUrl = Annotated[str, msgspec.Meta(min_length=1, max_length=2048, description="https://your-site.atlassian.net")]
Username = Annotated[str, msgspec.Meta(max_length=MAX_USERNAME_LENGTH)]
# Write-only: the token appears in requests only; no response type has a field that could carry it.
Token = Annotated[str, msgspec.Meta(
    min_length=1, max_length=MAX_TOKEN_LENGTH, description="API token, password or PAT (write-only: never returned)",
)]
RateCap = Annotated[float, msgspec.Meta(gt=0, le=1000, description="requests per second to this site at most")]
AllowEntry = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class ConnectionCreate(msgspec.Struct, frozen=True, kw_only=True):
    """The body of ARCHITECTURE §10. ``basic``: ``email`` + API token (Cloud) or ``username`` + password (Server);
    ``bearer``: a Server/DC personal access token. ``deployment`` omitted: the connection test detects it."""

    name: Name
    base_url: BaseUrl
    auth_type: AuthKind
    token: Token
    email: Username | None = None
    username: Username | None = None
    deployment: Deployment | None = None
    rate_cap_rps: RateCap | None = None

    def __repr__(self) -> str:  # never the token, should the request ever be logged
        return f"ConnectionCreate(name={self.name!r}, base_url={self.base_url!r}, auth_type={self.auth_type!r})"


class ConnectionPatch(msgspec.Struct, frozen=True, kw_only=True):
    """Only the given fields change; ``token`` omitted keeps the stored one (a new site needs it again)."""

    name: Name | None = None
    base_url: BaseUrl | None = None
    auth_type: AuthKind | None = None
    token: Token | None = None
    email: Username | None = None
    username: Username | None = None
    deployment: Deployment | None = None
    rate_cap_rps: RateCap | None = None
    clear_rate_cap: bool = False

    def __repr__(self) -> str:
        return f"ConnectionPatch(token_changed={self.token is not None})"


class ConnectionOut(msgspec.Struct, frozen=True, kw_only=True):
    """A connection without its credential (there is no field for it); ``username`` is the e-mail or user name."""

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    base_url: str
    deployment: str
    auth_type: str
    username: str | None
    rate_cap_rps: float | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: Any) -> "ConnectionOut":
        fields = {field: getattr(view, field) for field in cls.__struct_fields__ if field != "auth_type"}
        return cls(auth_type=view.auth_kind, **fields)


class AdminConfigIn(msgspec.Struct, frozen=True, kw_only=True):
    """Host names, IP addresses or CIDR networks Jira connections may reach although they are not public."""

    jira_allowed_hosts: Annotated[list[AllowEntry], msgspec.Meta(max_length=200)]


class AdminConfigOut(msgspec.Struct, frozen=True, kw_only=True):
    """The admin's allow-list in canonical form, and the read-only entries of JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS."""

    jira_allowed_hosts: list[str]
    jira_allowed_hosts_from_settings: list[str]

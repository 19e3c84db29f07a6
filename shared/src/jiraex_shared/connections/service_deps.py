"""What the connection service needs besides a database session, built once by the API's composition root."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

from jiraex_shared.connections.resolver import Resolver, SystemResolver
from jiraex_shared.ratelimit import RateGovernor
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings


class Viewer(Protocol):
    """The caller: members reach their own connections, admins everyone's (the API's Principal fits)."""

    @property
    def user_id(self) -> uuid.UUID: ...

    @property
    def is_admin(self) -> bool: ...


@dataclass(frozen=True)
class ConnectionDeps:
    settings: Settings
    cipher: CredentialCipher
    # The site's pacing is shared with the workers (Redis governor in the fleet), so a test counts too.
    governor: RateGovernor
    resolver: Resolver = field(default_factory=SystemResolver)
    # A user waits on a test or the field list: fail within seconds rather than retry for minutes.
    jira_timeout: float = 15.0
    jira_attempts: int = 2


def scope_of(viewer: Viewer) -> uuid.UUID | None:
    """The owner id queries are restricted to; None for admins, who see all (ARCHITECTURE §8)."""
    return None if viewer.is_admin else viewer.user_id

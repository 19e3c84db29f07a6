"""What the job steps need, opened once per process by its composition root and passed down frozen."""

from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.bus import CommandBus
from jiraex_shared.eventstream import EventStream
from jiraex_shared.ratelimit import RateGovernor
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings
from jiraex_shared.storage import ArtifactStore


@dataclass(frozen=True)
class JobDeps:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    store: ArtifactStore
    bus: CommandBus
    events: EventStream
    governor: RateGovernor
    http: httpx.AsyncClient
    cipher: CredentialCipher
    # Names this process in leases, so an operator can tell which worker holds what.
    worker_name: str
    lease_seconds: float = 60.0

"""A migrated database with three users and the connection service's dependencies, for connection tests."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.accounts import create_user
from jiraex_shared.connections import ConnectionDeps, Resolver, SystemResolver, set_allowed_hosts
from jiraex_shared.db import migrate
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.ratelimit import MemoryRateGovernor
from jiraex_shared.security import PasswordHasher
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings, load_settings


@dataclass(frozen=True)
class Caller:
    """Shaped like the API's Principal as far as the service looks."""

    user_id: uuid.UUID
    is_admin: bool = False


@dataclass
class ConnectionWorld:
    sessions: async_sessionmaker[AsyncSession]
    deps: ConnectionDeps
    alice: Caller
    bob: Caller
    admin: Caller

    async def allow(self, *entries: str) -> None:
        """What an admin does through PUT /admin/config: allow-list hosts or networks in app_config."""
        async with self.sessions() as session:
            await set_allowed_hosts(session, entries, admin_id=self.admin.user_id)
            await session.commit()


def new_secret_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@asynccontextmanager
async def connection_world(
    database_url: str, *, settings: Settings | None = None, resolver: Resolver | None = None
) -> AsyncIterator[ConnectionWorld]:
    await migrate.upgrade(database_url)
    engine = create_db_engine(database_url)
    sessions = create_session_factory(engine)
    settings = settings or load_settings({"JIRA_EXTRACTOR_SECRET_KEY": new_secret_key()})
    hasher = PasswordHasher()
    callers = {}
    async with sessions() as session, session.begin():
        for name, role in (("alice", "member"), ("bob", "member"), ("admin", "admin")):
            user = await create_user(
                session, email=f"{name}@example.com", password="a long enough password", role=role, hasher=hasher
            )
            callers[name] = Caller(user.id, is_admin=role == "admin")
    deps = ConnectionDeps(
        settings=settings, cipher=CredentialCipher.from_settings(settings), governor=MemoryRateGovernor(),
        resolver=resolver or SystemResolver(), jira_timeout=5.0,
    )
    try:
        yield ConnectionWorld(sessions, deps, callers["alice"], callers["bob"], callers["admin"])
    finally:
        await engine.dispose()

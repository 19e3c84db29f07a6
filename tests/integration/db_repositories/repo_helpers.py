"""Types shared by the repository tests (imported by name: fixtures stay in conftest.py)."""

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.db import Job

Sessions = async_sessionmaker[AsyncSession]
NewJob = Callable[..., Awaitable[Job]]

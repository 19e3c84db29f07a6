"""Database access for one CLI command: the configured database, checked to be migrated, one session factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import FAILURE
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url


@asynccontextmanager
async def open_cli_sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the configured database; a clear error when it is unreachable or not migrated."""
    from jiraex_shared.db import migrate
    from jiraex_shared.db.engine import create_db_engine, create_session_factory

    url = database_url(settings)
    try:
        revision = await migrate.current(url)
    except OSError as error:
        raise CommandError(f"cannot reach the database: {error}", FAILURE) from None
    if revision != migrate.head():
        raise CommandError("the database schema is not up to date: run `jiraex migrate upgrade` first")
    engine = create_db_engine(url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()

"""Run Alembic migrations from code against a database URL the caller passes in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from jiraex_shared.db.engine import create_db_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any fixed number works; every process migrating one PostgreSQL database must use the same one.
PG_MIGRATION_LOCK_KEY = 0x6A69_7261_6578  # "jiraex" in ASCII

_REVISION_ID = re.compile(r"^\d{8}_(\d{4})$")


def alembic_config(migrations_dir: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic Config built in code, so migrations run from an installed package with no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir).replace("%", "%%"))
    # Revision ids are themselves date-prefixed (see next_revision_id), so the id alone names the file.
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


async def upgrade(url: str, revision: str = "head", *, migrations_dir: Path = MIGRATIONS_DIR) -> None:
    """Upgrade the database at ``url``; several processes may call this at once (see ``_migrate``)."""
    await _migrate(url, lambda config: command.upgrade(config, revision), alembic_config(migrations_dir))


async def downgrade(url: str, revision: str, *, migrations_dir: Path = MIGRATIONS_DIR) -> None:
    """Downgrade the database at ``url`` to ``revision`` (``"base"`` drops every table)."""
    await _migrate(url, lambda config: command.downgrade(config, revision), alembic_config(migrations_dir))


async def current(url: str) -> str | None:
    """The revision the database at ``url`` is at, or None when it was never migrated."""
    engine = create_db_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
    finally:
        await engine.dispose()


def head() -> str:
    """The newest revision shipped with this package."""
    head_revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head_revision is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head_revision


def next_revision_id(existing: Iterable[str], today: date) -> str:
    """``YYYYMMDD_NNNN``: today's date and a sequence number one above the highest existing one."""
    numbers = [int(match.group(1)) for rev in existing if (match := _REVISION_ID.match(rev))]
    return f"{today:%Y%m%d}_{max(numbers, default=0) + 1:04d}"


async def revision(url: str, message: str, *, migrations_dir: Path = MIGRATIONS_DIR) -> Path:
    """Autogenerate a new revision from the models' difference with the database at ``url``.

    The database must be at head. The file still needs reading and tidying before it is committed.
    """
    config = alembic_config(migrations_dir)
    existing = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    rev_id = next_revision_id(existing, datetime.now(UTC).date())
    created: list[Any] = []

    def generate(cfg: Config) -> None:
        script = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        created.append(script)

    await _migrate(url, generate, config)
    return Path(created[0].path)


async def _migrate(url: str, action: Callable[[Config], None], config: Config) -> None:
    """Run an Alembic command in one transaction that concurrent migrators wait for.

    PostgreSQL: a transaction-scoped advisory lock is taken before Alembic reads the current revision,
    so API replicas starting together upgrade one after another and the later ones find nothing to do.
    SQLite: ``BEGIN IMMEDIATE`` takes the write lock up front for the same effect and makes the DDL
    atomic; foreign keys are switched off first because batch mode rebuilds a table by dropping it,
    which would cascade-delete the rows of every child table, and checked again before commit.
    Alembic keeps its running context in module globals, so one process must not migrate two different
    databases concurrently; on one database the locks above already make callers take turns.
    """
    engine = create_db_engine(url)
    try:
        async with engine.connect() as connection:
            dialect = connection.dialect.name
            if dialect == "postgresql":
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY})
            elif dialect == "sqlite":
                await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
            await connection.run_sync(_run_command, config, action)
            if dialect == "sqlite":
                await _check_sqlite_foreign_keys(connection)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_command(connection: Connection, config: Config, action: Callable[[Config], None]) -> None:
    config.attributes["connection"] = connection
    action(config)


async def _check_sqlite_foreign_keys(connection: AsyncConnection) -> None:
    violations = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
    if violations:
        raise RuntimeError(f"migration left rows that violate foreign keys: {violations[:10]}")

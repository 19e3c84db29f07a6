"""Engine and session factories for PostgreSQL (asyncpg) and SQLite (aiosqlite)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# Milliseconds a SQLite connection waits for another writer before failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_db_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine for ``url`` with the per-backend settings the application relies on.

    PostgreSQL: connections are pinged before use, so a restarted server costs no failed request.
    SQLite: every connection enforces foreign keys (off by default in SQLite, and the schema relies on
    ON DELETE CASCADE), uses WAL so readers do not block the writer, and waits for locks.
    """
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return create_async_engine(url, echo=echo, pool_pre_ping=True)
    engine = create_async_engine(url, echo=echo)
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL once (the mode persists). On a fresh file several first connections race for the
    switch, which needs the file to itself and fails at once with "database is locked" instead of waiting for
    busy_timeout: retry it for as long as busy_timeout would have waited."""
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as error:  # the driver's OperationalError, as wrapped by SQLAlchemy's async adapter
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)  # only ever on a brand-new file, while another connection holds it


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (no implicit lazy reload in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)

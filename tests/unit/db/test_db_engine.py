"""The engine factory's per-backend settings."""

from pathlib import Path

from sqlalchemy import text

from jiraex_shared.db import create_db_engine, create_session_factory


async def test_sqlite_connections_enforce_foreign_keys_use_wal_and_wait_for_locks(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("foreign_keys", "journal_mode", "busy_timeout")
            }
    finally:
        await engine.dispose()
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 30_000}


async def test_postgres_engine_pings_pooled_connections_before_use() -> None:
    # Building the engine opens no connection, so this needs no server.
    engine = create_db_engine("postgresql+asyncpg://user:secret@127.0.0.1:1/none")
    try:
        assert engine.sync_engine.pool._pre_ping is True
        assert engine.dialect.driver == "asyncpg"
    finally:
        await engine.dispose()


async def test_sessions_keep_attributes_loaded_after_commit(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    try:
        assert create_session_factory(engine).kw["expire_on_commit"] is False
    finally:
        await engine.dispose()

"""Several processes upgrading one database at once (API replicas starting together) must all succeed."""

import asyncio

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from jiraex_shared.db import migrate


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.integration
async def test_concurrent_upgrades_on_a_fresh_postgres_database_all_succeed(pg_url: str) -> None:
    await asyncio.wait_for(asyncio.gather(*(migrate.upgrade(pg_url) for _ in range(4))), timeout=60)

    assert await migrate.current(pg_url) == migrate.head()
    connection = await asyncpg.connect(_asyncpg_dsn(pg_url))
    try:
        assert await connection.fetchval("SELECT count(*) FROM alembic_version") == 1
    finally:
        await connection.close()


@pytest.mark.integration
async def test_upgrade_waits_for_the_advisory_lock_held_by_another_migrator(pg_url: str) -> None:
    holder = await asyncpg.connect(_asyncpg_dsn(pg_url))
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", migrate.PG_MIGRATION_LOCK_KEY)
        upgrade = asyncio.create_task(migrate.upgrade(pg_url))
        await asyncio.sleep(1.0)
        assert not upgrade.done()
        assert await holder.fetchval("SELECT to_regclass('public.jobs')") is None

        await holder.execute("SELECT pg_advisory_unlock($1)", migrate.PG_MIGRATION_LOCK_KEY)
        await asyncio.wait_for(upgrade, timeout=30)
        assert await holder.fetchval("SELECT to_regclass('public.jobs')::text") == "jobs"
    finally:
        await holder.close()
    assert await migrate.current(pg_url) == migrate.head()


async def test_concurrent_upgrades_on_a_fresh_sqlite_file_all_succeed(sqlite_url: str) -> None:
    await asyncio.wait_for(asyncio.gather(*(migrate.upgrade(sqlite_url) for _ in range(3))), timeout=60)
    assert await migrate.current(sqlite_url) == migrate.head()

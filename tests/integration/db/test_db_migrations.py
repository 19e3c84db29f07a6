"""The Alembic migrations on PostgreSQL and SQLite: round trip, and an exact match with the ORM models."""

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, ForeignKeyConstraint, inspect, text
from sqlalchemy.engine import Connection

from jiraex_shared.db import Base, create_db_engine, migrate

MODEL_TABLES = set(Base.metadata.tables)


@pytest.fixture(params=[pytest.param("sqlite_url"), pytest.param("pg_url", marks=pytest.mark.integration)])
def db_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(request.param)


async def _on_connection(url: str, fn: Any) -> Any:
    engine = create_db_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(fn)
    finally:
        await engine.dispose()


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _model_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_upgrade_downgrade_upgrade_round_trip(db_url: str) -> None:
    assert await migrate.current(db_url) is None

    await migrate.upgrade(db_url)
    assert await migrate.current(db_url) == migrate.head()
    assert await _on_connection(db_url, _table_names) == MODEL_TABLES | {"alembic_version"}

    await migrate.downgrade(db_url, "base")
    assert await migrate.current(db_url) is None
    assert await _on_connection(db_url, _table_names) == {"alembic_version"}

    await migrate.upgrade(db_url)
    assert await migrate.current(db_url) == migrate.head()
    assert await _on_connection(db_url, _table_names) == MODEL_TABLES | {"alembic_version"}


async def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    await migrate.upgrade(db_url)
    await migrate.upgrade(db_url)
    assert await migrate.current(db_url) == migrate.head()


async def test_autogenerate_finds_no_difference_between_models_and_migrations(db_url: str) -> None:
    await migrate.upgrade(db_url)
    assert await _on_connection(db_url, _model_diff) == []


async def test_autogenerate_comparison_does_see_a_drifted_schema(db_url: str) -> None:
    # Control for the test above: an empty diff must mean "identical", not "not compared".
    await migrate.upgrade(db_url)

    def drift(connection: Connection) -> None:
        connection.execute(text("DROP INDEX ix_jobs_state_lease_until"))
        connection.commit()

    await _on_connection(db_url, drift)
    diff = await _on_connection(db_url, _model_diff)
    assert [(op[0], op[1].name) for op in diff] == [("add_index", "ix_jobs_state_lease_until")]


def _reflected_constraints(
    connection: Connection,
) -> tuple[dict[str, set[str | None]], dict[str | None, str | None]]:
    inspector = inspect(connection)
    checks: dict[str, set[str | None]] = {}
    on_delete: dict[str | None, str | None] = {}
    for table in MODEL_TABLES:
        checks[table] = {check["name"] for check in inspector.get_check_constraints(table)}
        for fk in inspector.get_foreign_keys(table):
            on_delete[fk["name"]] = (fk["options"].get("ondelete") or "").upper() or None
    return checks, on_delete


async def test_check_constraints_and_delete_rules_match_models(db_url: str) -> None:
    # Autogenerate compares neither CHECK constraints nor ON DELETE rules, so compare them here.
    await migrate.upgrade(db_url)
    checks, on_delete = await _on_connection(db_url, _reflected_constraints)

    expected_checks = {
        table.name: {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in Base.metadata.tables.values()
    }
    expected_on_delete = {
        c.name: c.ondelete
        for table in Base.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, ForeignKeyConstraint)
    }
    assert checks == expected_checks
    assert on_delete == expected_on_delete
    assert "ck_schedules_one_trigger" in checks["schedules"]
    assert on_delete["fk_job_chunks_job_id_jobs"] == "CASCADE"
    assert on_delete["fk_jobs_owner_id_users"] == "SET NULL"

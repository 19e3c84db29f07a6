"""Portable column types and small helpers of jiraex_shared.db.base and users."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import JSON, CheckConstraint, Uuid
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB

from jiraex_shared.db import JOB_STATES, Base, User, normalize_email
from jiraex_shared.db.base import UtcDateTime, allowed_values

PLUS_TWO = timezone(timedelta(hours=2))
JOBS = Base.metadata.tables["jobs"]


def test_aware_datetimes_are_stored_in_utc_naive_on_sqlite_and_aware_on_postgres() -> None:
    local = datetime(2026, 11, 24, 12, 30, tzinfo=PLUS_TWO)
    column_type = UtcDateTime()

    assert column_type.process_bind_param(local, sqlite.dialect()) == datetime(2026, 11, 24, 10, 30)
    on_postgres = column_type.process_bind_param(local, postgresql.dialect())
    assert on_postgres == local
    assert on_postgres is not None
    assert on_postgres.tzinfo == UTC


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UtcDateTime().process_bind_param(datetime(2026, 11, 24, 12, 30), sqlite.dialect())


def test_results_come_back_aware_in_utc() -> None:
    column_type = UtcDateTime()
    assert column_type.process_result_value(datetime(2026, 11, 24, 10, 30), sqlite.dialect()) == datetime(
        2026, 11, 24, 10, 30, tzinfo=UTC
    )
    from_pg = column_type.process_result_value(datetime(2026, 11, 24, 12, 30, tzinfo=PLUS_TWO), postgresql.dialect())
    assert from_pg is not None
    assert (from_pg.tzinfo, from_pg.hour) == (UTC, 10)
    assert column_type.process_result_value(None, sqlite.dialect()) is None


def test_json_columns_are_jsonb_on_postgres_and_none_is_sql_null() -> None:
    spec_type = JOBS.c.spec.type
    assert isinstance(spec_type, JSON)
    assert spec_type.none_as_null is True
    assert isinstance(spec_type.dialect_impl(postgresql.dialect()), JSONB)
    assert isinstance(JOBS.c.id.type, Uuid)


def test_allowed_values_builds_a_named_check() -> None:
    check = allowed_values("state", ["a", "it's"])
    assert check.name == "state_allowed"
    assert str(check.sqltext) == "state IN ('a', 'it''s')"


def test_job_state_check_lists_every_state() -> None:
    (check,) = [c for c in JOBS.constraints if isinstance(c, CheckConstraint) and c.name == "ck_jobs_state_allowed"]
    assert all(f"'{state}'" in str(check.sqltext) for state in JOB_STATES)


def test_every_constraint_and_index_has_an_explicit_name_that_fits_postgres() -> None:
    for table in Base.metadata.tables.values():
        names = [constraint.name for constraint in table.constraints] + [index.name for index in table.indexes]
        for name in names:
            assert isinstance(name, str), f"unnamed constraint on {table.name}"
            assert len(name) <= 63, name


def test_emails_are_normalized_on_assignment() -> None:
    assert normalize_email("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"
    assert User(email="Ada@Example.com", password_hash="x").email == "ada@example.com"

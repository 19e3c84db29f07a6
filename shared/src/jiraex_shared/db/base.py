"""Declarative base: constraint naming convention, portable column types and shared column helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Dialect, MetaData, Uuid, func, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit names make every constraint addressable by later migrations (SQLite batch mode needs them)
# and keep PostgreSQL and SQLite schemas identical.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant as an aware UTC datetime."""
    return datetime.now(UTC)


class UtcDateTime(types.TypeDecorator[datetime]):
    """A timestamp that only accepts aware datetimes and always returns them aware, in UTC.

    PostgreSQL stores ``timestamptz``; SQLite has no time zone support, so the value is stored as
    naive UTC text and the UTC zone is attached again on the way out.
    """

    impl = types.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} given; timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# none_as_null: a Python None becomes SQL NULL, not the JSON literal 'null'.
JsonDoc = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY (the rowid alias).
BigIntId = types.BigInteger().with_variant(types.Integer(), "sqlite")


def allowed_values(column: str, values: Iterable[str]) -> CheckConstraint:
    """A CHECK constraint restricting a string column to a closed vocabulary.

    Enumerations are stored as strings with a CHECK rather than native PostgreSQL enums so that adding
    a value later is one constraint swap on both engines.
    """
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=f"{column}_allowed")


class Base(DeclarativeBase):
    """Base class of every ORM row; its metadata is what the migrations must match."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JsonDoc,
        list[Any]: JsonDoc,
    }


class UuidPrimaryKey:
    """Mixin: a client-generated UUID primary key, so ids are known before the INSERT."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-1)


class CreatedAt:
    """Mixin: when the row was inserted."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now(), sort_order=1)


class Timestamps(CreatedAt):
    """Mixin: when the row was inserted and last changed through the ORM."""

    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now(), sort_order=1
    )

"""Alembic environment: runs migrations on the connection that ``jiraex_shared.db.migrate`` hands over."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from jiraex_shared.db import Base
from jiraex_shared.db.base import UtcDateTime


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations must not import application types: a later edit to UtcDateTime would silently change
    # what old revisions mean. Its storage type is a plain timezone-aware timestamp.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    """Configure the context on ``connection`` and run the requested command's migrations."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) mode is not supported; use jiraex_shared.db.migrate")
_connection = context.config.attributes.get("connection")
if _connection is None:
    raise RuntimeError("no connection given; run migrations through jiraex_shared.db.migrate")
run_migrations(_connection)

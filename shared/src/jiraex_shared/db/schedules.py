"""Schedules: recurring exports fired by cron expression or fixed interval."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, false, text, true
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey, allowed_values

# What to do with slots missed while the scheduler was down: skip them, run once for the latest, or run each.
CATCH_UP_POLICIES: Final = ("none", "latest", "all")


class Schedule(UuidPrimaryKey, Timestamps, Base):
    """A recurring export; exactly one of ``cron`` and ``interval_seconds`` is set.

    ``incremental`` exports only what changed since ``last_success_started_at`` minus
    ``lookback_seconds``; ``recipients`` are e-mail addresses told about each run.
    """

    __tablename__ = "schedules"
    __table_args__ = (
        CheckConstraint("(cron IS NULL) <> (interval_seconds IS NULL)", name="one_trigger"),
        CheckConstraint("interval_seconds IS NULL OR interval_seconds > 0", name="interval_positive"),
        CheckConstraint("lookback_seconds >= 0", name="lookback_not_negative"),
        allowed_values("catch_up", CATCH_UP_POLICIES),
        Index("ix_schedules_enabled_next_run_at", "enabled", "next_run_at"),
        Index("ix_schedules_owner_id", "owner_id"),
        Index("ix_schedules_connection_id", "connection_id"),
        Index("ix_schedules_folder_id", "folder_id"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    connection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    folder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("folders.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    cron: Mapped[str | None] = mapped_column(String(128))
    interval_seconds: Mapped[int | None]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    spec: Mapped[dict[str, Any]]
    enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    incremental: Mapped[bool] = mapped_column(default=False, server_default=false())
    lookback_seconds: Mapped[int] = mapped_column(default=0, server_default="0")
    catch_up: Mapped[str] = mapped_column(String(16), default="latest", server_default="latest")
    recipients: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))
    next_run_at: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]
    last_success_started_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    paused_reason: Mapped[str | None] = mapped_column(Text)

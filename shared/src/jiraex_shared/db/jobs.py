"""Export jobs: the durable record of one export, its claim (epoch and lease), progress and outcome."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final, get_args

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.contracts.progress import TERMINAL_STATES, JobState
from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey, allowed_values

# The vocabulary is the broker contract's (contracts.progress.JobState), so the two can never drift apart.
JOB_STATES: Final = get_args(JobState)
TERMINAL_JOB_STATES: Final = tuple(state for state in JOB_STATES if state in TERMINAL_STATES)


class ExportCounts:
    """Mixin: what has been exported so far; a job's counts are the sum of its chunks' counts."""

    issues_exported: Mapped[int] = mapped_column(default=0, server_default="0")
    comments: Mapped[int] = mapped_column(default=0, server_default="0")
    histories: Mapped[int] = mapped_column(default=0, server_default="0")
    worklogs: Mapped[int] = mapped_column(default=0, server_default="0")
    attachments: Mapped[int] = mapped_column(default=0, server_default="0")
    attachment_bytes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Job(UuidPrimaryKey, Timestamps, ExportCounts, Base):
    """One export run.

    A worker claims the job by bumping ``epoch`` and setting a lease; every later write it makes is
    conditioned on ``epoch`` still being its own, so a worker that lost its lease cannot write.
    ``cancel_requested`` is the cancel flag workers poll between pages and chunks.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        allowed_values("state", JOB_STATES),
        # A schedule slot creates its job once, however many scheduler replicas fire it.
        UniqueConstraint("schedule_id", "planned_run_at"),
        # A B-tree is read backwards just as fast, so this also serves "newest first".
        Index("ix_jobs_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_jobs_created_at", "created_at"),
        Index("ix_jobs_state_lease_until", "state", "lease_until"),
        Index("ix_jobs_connection_id", "connection_id"),
        Index("ix_jobs_folder_id", "folder_id"),
    )

    # Null for jobs published onto the broker by other systems, and once the owner is deleted.
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    connection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"))
    folder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("folders.id", ondelete="SET NULL"))
    schedule_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    planned_run_at: Mapped[datetime | None]
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict[str, Any]]

    state: Mapped[str] = mapped_column(String(32), default="queued", server_default="queued")
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")

    enumeration_cursor: Mapped[dict[str, Any] | None]
    chunks_total: Mapped[int | None]
    chunks_done: Mapped[int] = mapped_column(default=0, server_default="0")
    issues_expected: Mapped[int | None]
    requests: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    rate_limited: Mapped[int] = mapped_column(default=0, server_default="0")

    error_kind: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    receipt: Mapped[dict[str, Any] | None]

    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

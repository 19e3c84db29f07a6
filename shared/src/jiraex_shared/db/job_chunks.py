"""Job chunks: up to a few hundred issue ids extracted by one worker into one normalized part."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, Timestamps, allowed_values
from jiraex_shared.db.jobs import ExportCounts

CHUNK_STATES: Final = ("pending", "running", "done", "failed")


class JobChunk(Timestamps, ExportCounts, Base):
    """One slice of a job's issues, claimed and fenced like the job itself (``epoch`` and lease).

    ``seq`` fixes the order parts are assembled in, which keeps the output deterministic.
    """

    __tablename__ = "job_chunks"
    __table_args__ = (
        allowed_values("state", CHUNK_STATES),
        Index("ix_job_chunks_state_lease_until", "state", "lease_until"),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    issue_ids: Mapped[list[Any]]
    state: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    part_uri: Mapped[str | None] = mapped_column(String(2048))
    sha256: Mapped[str | None] = mapped_column(String(64))
    error_kind: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)

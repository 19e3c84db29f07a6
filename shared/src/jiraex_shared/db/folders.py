"""Folders (répertoires): named places a user files exports into."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey


class Folder(UuidPrimaryKey, Timestamps, Base):
    """A flat, per-user folder; names are unique per owner."""

    __tablename__ = "folders"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))

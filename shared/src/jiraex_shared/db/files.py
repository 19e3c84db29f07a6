"""Stored bytes: the files an export produced and the deduplicated Jira attachment blobs."""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, CreatedAt, UuidPrimaryKey


class File(UuidPrimaryKey, CreatedAt, Base):
    """One output file of a job, with the SHA-256 the completeness receipt lists."""

    __tablename__ = "files"
    # Also the "files of a job" index: job_id leads.
    __table_args__ = (UniqueConstraint("job_id", "path"),)

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    uri: Mapped[str] = mapped_column(String(2048))


class AttachmentBlob(CreatedAt, Base):
    """The bytes of one Jira attachment, downloaded once per connection.

    Jira attachments are immutable, so (connection, Jira attachment id) identifies the content forever.
    """

    __tablename__ = "attachment_blobs"

    connection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    attachment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uri: Mapped[str] = mapped_column(String(2048))

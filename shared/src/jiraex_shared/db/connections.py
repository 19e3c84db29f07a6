"""Jira connections: where a site lives and the encrypted credential used to call it."""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey, allowed_values

DEPLOYMENTS: Final = ("cloud", "server", "unknown")
AUTH_KINDS: Final = ("basic", "bearer")


class Connection(UuidPrimaryKey, Timestamps, Base):
    """A Jira site and a credential, owned by one user.

    The credential (API token or PAT) is only ever stored as AEAD ciphertext with its nonce and the id
    of the key that sealed it, so keys can be rotated row by row. ``username`` is the account e-mail or
    login shown in the UI; it is not secret.
    """

    __tablename__ = "connections"
    __table_args__ = (
        allowed_values("deployment", DEPLOYMENTS),
        allowed_values("auth_kind", AUTH_KINDS),
        CheckConstraint("rate_cap_rps IS NULL OR rate_cap_rps > 0", name="rate_cap_positive"),
        Index("ix_connections_owner_id", "owner_id"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(String(2048))
    deployment: Mapped[str] = mapped_column(String(16), default="unknown", server_default="unknown")
    auth_kind: Mapped[str] = mapped_column(String(16))
    username: Mapped[str | None] = mapped_column(String(320))
    credential_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    credential_nonce: Mapped[bytes] = mapped_column(LargeBinary)
    credential_key_id: Mapped[str] = mapped_column(String(64))
    rate_cap_rps: Mapped[float | None] = mapped_column(Float)

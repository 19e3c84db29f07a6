"""Credentials that stand in for a password: session and API tokens, invitations, password resets.

Only a hash of each token is stored (``token_hash``, hex SHA-256); the token itself is shown once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from jiraex_shared.db.base import Base, CreatedAt, UuidPrimaryKey, allowed_values
from jiraex_shared.db.users import USER_ROLES, normalize_email

TOKEN_KINDS: Final = ("session", "api")


class AuthToken(UuidPrimaryKey, CreatedAt, Base):
    """A session or API token; valid while unexpired and unrevoked."""

    __tablename__ = "auth_tokens"
    __table_args__ = (
        allowed_values("kind", TOKEN_KINDS),
        Index("ix_auth_tokens_user_id", "user_id"),
        Index("ix_auth_tokens_expires_at", "expires_at"),
    )

    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user_agent: Mapped[str | None] = mapped_column(String(512))
    ip: Mapped[str | None] = mapped_column(String(64))


class Invitation(UuidPrimaryKey, CreatedAt, Base):
    """An e-mailed, single-use offer to create an account with a given role."""

    __tablename__ = "invitations"
    __table_args__ = (
        allowed_values("role", USER_ROLES),
        Index("ix_invitations_email", "email"),
        Index("ix_invitations_expires_at", "expires_at"),
    )

    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16), default="member", server_default="member")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    invited_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    @validates("email")
    def _normalize_email(self, _key: str, value: str) -> str:
        return normalize_email(value)


class PasswordReset(UuidPrimaryKey, CreatedAt, Base):
    """A single-use password reset link sent by e-mail."""

    __tablename__ = "password_resets"
    __table_args__ = (
        Index("ix_password_resets_user_id", "user_id"),
        Index("ix_password_resets_expires_at", "expires_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

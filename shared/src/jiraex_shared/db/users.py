"""User accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import CheckConstraint, String, text, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey, allowed_values

USER_ROLES: Final = ("admin", "member")


def normalize_email(email: str) -> str:
    """The stored form of an e-mail address: trimmed and lower-cased, so uniqueness ignores case."""
    return email.strip().lower()


class User(UuidPrimaryKey, Timestamps, Base):
    """A person who signs in; ``email`` is always stored normalized (see ``normalize_email``)."""

    __tablename__ = "users"
    __table_args__ = (
        allowed_values("role", USER_ROLES),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="member", server_default="member")
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    preferences: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
    last_login_at: Mapped[datetime | None]

    @validates("email")
    def _normalize_email(self, _key: str, value: str) -> str:
        return normalize_email(value)

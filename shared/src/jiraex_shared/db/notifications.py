"""E-mail deliveries: the notifier's record that makes each (event, recipient) mail go out once."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiraex_shared.db.base import Base, Timestamps, UuidPrimaryKey, allowed_values

DELIVERY_STATUSES: Final = ("pending", "sent", "failed")


class EmailDelivery(UuidPrimaryKey, Timestamps, Base):
    """One mail for one recipient of one event; a redelivered event finds its row and does not resend."""

    __tablename__ = "email_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient"),
        allowed_values("status", DELIVERY_STATUSES),
    )

    # The triggering message's id (a broker message_id), not a foreign key: events are not rows.
    event_id: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]

"""SQL over `audit_log`: one row per security-relevant action, written in the transaction of the action itself."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import AuditEntry


async def record(
    session: AsyncSession, *, at: datetime, action: str, actor_id: uuid.UUID | None = None,
    target_type: str | None = None, target_id: object = None, ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add the entry to the session; the caller's commit writes it with the change it describes."""
    session.add(AuditEntry(
        at=at, action=action, actor_id=actor_id, target_type=target_type,
        target_id=None if target_id is None else str(target_id), ip=ip, details=details or {},
    ))

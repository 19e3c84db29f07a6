"""The admin's allow-list of Jira hosts in ``app_config``: a JSON list of host names, IPs and CIDRs."""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.config import AppConfig

ALLOWED_HOSTS_KEY: Final = "jira_allowed_hosts"


async def stored_allowed_hosts(session: AsyncSession) -> list[str]:
    """The entries as stored; a missing key is an empty list. Entries are validated when they are saved."""
    value = (await session.execute(select(AppConfig.value).where(AppConfig.key == ALLOWED_HOSTS_KEY))).scalar()
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, str)]


async def store_allowed_hosts(session: AsyncSession, entries: list[str], *, admin_id: uuid.UUID | None) -> None:
    row = await session.get(AppConfig, ALLOWED_HOSTS_KEY)
    if row is None:
        session.add(AppConfig(key=ALLOWED_HOSTS_KEY, value=entries, updated_by=admin_id))
    else:
        row.value = entries
        row.updated_by = admin_id
    await session.flush()

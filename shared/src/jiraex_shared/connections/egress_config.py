"""The egress policy in force: the JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS setting plus the admin's list in app_config."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.connections.egress_policy import AllowListError, EgressPolicy, parse_allow_entry
from jiraex_shared.db.repositories.connection_allow_list import store_allowed_hosts, stored_allowed_hosts
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings

MAX_ALLOW_LIST_ENTRIES = 200

log = get_logger(__name__)


async def load_egress_policy(session: AsyncSession, settings: Settings) -> EgressPolicy:
    """Both lists merged. An entry that does not parse is skipped with a warning, not fatal: one bad entry
    must not cut every user off from Jira."""
    entries = [*_valid(settings.jira_allowed_hosts, "setting"), *_valid(await stored_allowed_hosts(session), "admin")]
    return EgressPolicy.from_entries(entries)


def _valid(entries: Iterable[str], source: str) -> list[str]:
    valid: list[str] = []
    for entry in entries:
        try:
            parse_allow_entry(entry)
        except AllowListError:
            log.warning("allow_list_entry_ignored", entry=entry, source=source)
            continue
        valid.append(entry)
    return valid


def normalise_allow_list(entries: Iterable[str]) -> list[str]:
    """Validated, canonical (``10.0.0.0/8``, ``jira.corp``), deduplicated entries; AllowListError names a bad one."""
    result: list[str] = []
    for entry in entries:
        canonical = str(parse_allow_entry(entry))
        if canonical not in result:
            result.append(canonical)
    if len(result) > MAX_ALLOW_LIST_ENTRIES:
        raise AllowListError(f"at most {MAX_ALLOW_LIST_ENTRIES} entries")
    return result


async def set_allowed_hosts(session: AsyncSession, entries: Iterable[str], *, admin_id: uuid.UUID | None) -> list[str]:
    """Replace the admin allow-list (the caller checks the admin role and commits); returns what was stored."""
    canonical = normalise_allow_list(entries)
    await store_allowed_hosts(session, canonical, admin_id=admin_id)
    log.info("allow_list_changed", entries=len(canonical), by=str(admin_id) if admin_id else None)
    return canonical

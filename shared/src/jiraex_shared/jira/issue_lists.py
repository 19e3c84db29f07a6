"""The dedicated, paged endpoints behind embedded lists: comments, worklogs and (Cloud) changelog."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jiraex_shared.jira.paging import collect_offset_pages
from jiraex_shared.jira.transport import Transport

# Asked-for page sizes; servers clamp (Cloud: comments 100, changelog 100) and paging follows what comes back.
COMMENT_PAGE = 1000
WORKLOG_PAGE = 5000
CHANGELOG_PAGE = 100


def issue_path(api_version: int, issue_id: str, suffix: str = "") -> str:
    return f"/rest/api/{api_version}/issue/{quote(str(issue_id), safe='')}{suffix}"


async def _paged(transport: Transport, path: str, items_key: str, params: dict[str, Any]) -> list[dict]:
    async def page(start: int) -> Any:
        return await transport.get_json(path, {**params, "startAt": start})

    return await collect_offset_pages(page, items_key, where=f"GET {path}")


async def all_comments(transport: Transport, api_version: int, issue_id: str) -> list[dict]:
    """Every comment, oldest first."""
    path = issue_path(api_version, issue_id, "/comment")
    return await _paged(transport, path, "comments", {"maxResults": COMMENT_PAGE, "orderBy": "created"})


async def all_worklogs(transport: Transport, api_version: int, issue_id: str) -> list[dict]:
    """Every worklog, in Jira's order (oldest first)."""
    path = issue_path(api_version, issue_id, "/worklog")
    return await _paged(transport, path, "worklogs", {"maxResults": WORKLOG_PAGE})


async def paged_changelog(transport: Transport, api_version: int, issue_id: str) -> list[dict]:
    """Every history through `GET issue/{id}/changelog` (PageBeanChangelog, oldest first)."""
    path = issue_path(api_version, issue_id, "/changelog")
    return await _paged(transport, path, "values", {"maxResults": CHANGELOG_PAGE})

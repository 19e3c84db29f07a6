"""Offset paging (`startAt`, `maxResults`, `total`) of comments, worklogs, changelogs; truncation checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from jiraex_shared.jira.errors import JiraRetryableError

FetchPage = Callable[[int], Awaitable[Any]]


def page_items(page: Any, items_key: str) -> list[dict]:
    """The list inside a page object, or [] when the page or the list is missing."""
    items = page.get(items_key) if isinstance(page, dict) else None
    return items if isinstance(items, list) else []


def is_truncated(page: Any, items_key: str) -> bool:
    """True when an embedded page object lacks part of the list (Jira caps embedded lists at 20 to 100)."""
    if not isinstance(page, dict):
        return False
    items = page_items(page, items_key)
    total = page.get("total")
    start_at = page.get("startAt") or 0
    if isinstance(start_at, int) and start_at > 0:
        return True
    if isinstance(total, int):
        return total > len(items)
    return page.get("isLast") is False


async def collect_offset_pages(fetch_page: FetchPage, items_key: str, *, where: str) -> list[dict]:
    """Every item of an offset-paged list, in Jira's order, each id once.

    The next page starts after what actually came back, never at `startAt + maxResults`: servers clamp
    `maxResults` silently. A list that ends short of the last `total` Jira reported raises instead of being
    returned incomplete (it changed while we read it, or the server misbehaves; a later retry settles it).
    """
    items: list[dict] = []
    seen: set[str] = set()
    start = 0
    total: int | None = None
    while True:
        page = await fetch_page(start)
        batch = page_items(page, items_key)
        fresh = 0
        for item in batch:
            key = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else None
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
            fresh += 1
        reported = page.get("total") if isinstance(page, dict) else None
        total = reported if isinstance(reported, int) else total
        start += len(batch)
        if not batch or fresh == 0 or (isinstance(page, dict) and page.get("isLast") is True):
            break
        if total is not None and start >= total:
            break
    if total is not None and len(items) < total:
        raise JiraRetryableError(
            f"incomplete {items_key}: Jira reported {total} but paging returned {len(items)}", where=where
        )
    return items

"""Server/DC search: `POST /rest/api/2/search` by startAt, paging by what the server echoes back."""

from __future__ import annotations

from typing import Any

from jiraex_shared.jira.errors import JiraProtocolError
from jiraex_shared.jira.search import SearchCursor, SearchPage
from jiraex_shared.jira.transport import Transport

SEARCH_PATH = "/rest/api/2/search"
# jira.search.views.default.max defaults to 1000; admins lower it and the server clamps silently.
DEFAULT_PAGE = 1000


async def server_search_page(transport: Transport, jql: str, cursor: SearchCursor | None) -> SearchPage:
    """One page of ids starting at the cursor's offset; the next cursor starts after what really came back."""
    start = cursor.start_at if cursor is not None else 0
    size = (cursor.page_size if cursor is not None else None) or DEFAULT_PAGE
    body: dict[str, Any] = {"jql": jql, "startAt": start, "maxResults": size, "fields": ["id"]}
    data = await transport.post_json(SEARCH_PATH, body)
    issues = data.get("issues") if isinstance(data, dict) else None
    if not isinstance(issues, list):
        raise JiraProtocolError("search answer has no 'issues' list", where=f"POST {SEARCH_PATH}")
    ids = [str(issue["id"]) for issue in issues]
    keys = [str(issue.get("key") or "") for issue in issues]
    total = data.get("total") if isinstance(data.get("total"), int) else None
    echoed = data.get("maxResults")
    page_size = echoed if isinstance(echoed, int) and echoed > 0 else size
    following = start + len(ids)
    # `total` may change while paging; an empty page also ends the walk (the SPEC says pages can be empty).
    done = not ids or (total is not None and following >= total)
    next_cursor = None if done else SearchCursor(start_at=following, page_size=page_size)
    return SearchPage(ids=ids, keys=keys, cursor=next_cursor, total=total)


async def server_count(transport: Transport, jql: str) -> int | None:
    """The exact `total` of a zero-size page (Server counts; Cloud only estimates)."""
    data = await transport.post_json(
        SEARCH_PATH, {"jql": jql, "startAt": 0, "maxResults": 0, "fields": ["id"]}
    )
    total = data.get("total") if isinstance(data, dict) else None
    return total if isinstance(total, int) else None


def later_page_cursors(first: SearchPage) -> list[SearchCursor]:
    """Cursors for every page after `first`, so Server/DC pages can be fetched in parallel.

    Offsets assume the result does not change meanwhile; callers de-duplicate ids, and the sequential
    cursor of the last page still reveals a grown result.
    """
    if first.cursor is None or first.total is None or first.cursor.page_size is None:
        return []
    size = first.cursor.page_size
    return [
        SearchCursor(start_at=start, page_size=size)
        for start in range(first.cursor.start_at, first.total, size)
    ]

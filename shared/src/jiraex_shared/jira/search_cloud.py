"""Cloud's enhanced search: `POST /rest/api/3/search/jql` with `fields=id`, following nextPageToken."""

from __future__ import annotations

from typing import Any

from jiraex_shared.jira.errors import JiraProtocolError
from jiraex_shared.jira.search import SearchCursor, SearchPage
from jiraex_shared.jira.transport import Transport

SEARCH_PATH = "/rest/api/3/search/jql"
COUNT_PATH = "/rest/api/3/search/approximate-count"
# The most Cloud returns for id-only pages; it may send fewer, so the page size is never assumed.
MAX_PAGE = 5000


async def cloud_search_page(transport: Transport, jql: str, cursor: SearchCursor | None) -> SearchPage:
    """One page of ids. POST keeps long JQL out of the URL (proxies cap URL length)."""
    body: dict[str, Any] = {"jql": jql, "fields": ["id"], "maxResults": MAX_PAGE}
    previous = cursor.next_page_token if cursor is not None else None
    if previous:
        body["nextPageToken"] = previous
    data = await transport.post_json(SEARCH_PATH, body)
    issues = data.get("issues") if isinstance(data, dict) else None
    if not isinstance(issues, list):
        raise JiraProtocolError("search/jql answer has no 'issues' list", where=f"POST {SEARCH_PATH}")
    ids = [str(issue["id"]) for issue in issues]
    keys = [str(issue.get("key") or "") for issue in issues]
    token = data.get("nextPageToken")
    # The last page omits nextPageToken (JRACLOUD-92184); isLast is the other signal.
    if not token or data.get("isLast") is True:
        return SearchPage(ids=ids, keys=keys, cursor=None)
    if token == previous:
        raise JiraProtocolError(
            "search/jql returned the same nextPageToken twice", where=f"POST {SEARCH_PATH}"
        )
    return SearchPage(ids=ids, keys=keys, cursor=SearchCursor(next_page_token=str(token)))


async def cloud_approximate_count(transport: Transport, jql: str) -> int | None:
    """Cloud's estimate (eventually consistent): fine for progress bars, never for completeness checks."""
    data = await transport.post_json(COUNT_PATH, {"jql": jql})
    count = data.get("count") if isinstance(data, dict) else None
    return count if isinstance(count, int) else None

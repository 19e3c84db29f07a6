"""Fetching many issues at once: Cloud `issue/bulkfetch` (100 a call), Server/DC a search on `id in (…)`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from jiraex_shared.jira.gather_all import gather_all
from jiraex_shared.jira.ids import batches, jql_id_list
from jiraex_shared.jira.search_server import SEARCH_PATH as SERVER_SEARCH_PATH
from jiraex_shared.jira.transport import Transport

BULKFETCH_PATH = "/rest/api/3/issue/bulkfetch"
BULKFETCH_LIMIT = 100  # Cloud answers 400 above this
SERVER_BATCH = 100  # keeps the `id in (…)` clause short


async def cloud_fetch_issues(
    transport: Transport, ids: Sequence[str], fields: Sequence[str] | None, expand: Sequence[str]
) -> list[dict]:
    """Issues in the order of `ids`; ids Jira does not return (deleted, no permission) are left out."""

    async def fetch(batch: Sequence[str]) -> list[dict]:
        body: dict[str, Any] = {
            "issueIdsOrKeys": list(batch),
            "fields": list(fields) if fields is not None else ["*all"],
            "fieldsByKeys": False,
        }
        if expand:
            body["expand"] = list(expand)
        data = await transport.post_json(BULKFETCH_PATH, body)
        issues = data.get("issues") if isinstance(data, dict) else None
        return issues if isinstance(issues, list) else []

    return in_requested_order(await gather_batches(ids, BULKFETCH_LIMIT, fetch), ids)


async def server_fetch_issues(
    transport: Transport, ids: Sequence[str], fields: Sequence[str] | None, expand: Sequence[str]
) -> list[dict]:
    """Server/DC has no bulk fetch; a search by id gets the same beans (embedded changelog complete)."""

    async def fetch(batch: Sequence[str]) -> list[dict]:
        found: list[dict] = []
        start = 0
        while True:
            body: dict[str, Any] = {
                "jql": jql_id_list(batch),
                "startAt": start,
                "maxResults": len(batch),
                "fields": list(fields) if fields is not None else ["*all"],
                # An issue deleted since enumeration must not fail the whole batch with a JQL error.
                "validateQuery": "warn",
            }
            if expand:
                body["expand"] = list(expand)
            data = await transport.post_json(SERVER_SEARCH_PATH, body)
            page = data.get("issues") if isinstance(data, dict) else None
            page = page if isinstance(page, list) else []
            found += page
            start += len(page)
            total = data.get("total") if isinstance(data, dict) else None
            if not page or not isinstance(total, int) or start >= total:
                return found

    return in_requested_order(await gather_batches(ids, SERVER_BATCH, fetch), ids)


async def gather_batches(
    ids: Sequence[str], size: int, fetch: Callable[[Sequence[str]], Coroutine[Any, Any, list[dict]]]
) -> list[dict]:
    """Run `fetch` on every batch concurrently (the transport's AIMD slot bounds real parallelism)."""
    results = await gather_all(fetch(batch) for batch in batches(ids, size))
    return [issue for result in results for issue in result]


def in_requested_order(issues: list[dict], ids: Sequence[str]) -> list[dict]:
    """Jira sorts by id (bulkfetch) or by key (search); callers want their own order, each issue once."""
    by_ref: dict[str, dict] = {}
    for issue in issues:
        for ref in (issue.get("id"), issue.get("key")):
            if ref is not None:
                by_ref.setdefault(str(ref), issue)
    ordered: list[dict] = []
    seen: set[str] = set()
    for ref in ids:
        found = by_ref.get(ref)
        if found is not None and str(found.get("id")) not in seen:
            seen.add(str(found.get("id")))
            ordered.append(found)
    return ordered

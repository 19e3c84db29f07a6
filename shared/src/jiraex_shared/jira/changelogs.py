"""Complete change histories of many issues: Cloud `changelog/bulkfetch`, Server/DC the embedded one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jiraex_shared.jira.bulk import server_fetch_issues
from jiraex_shared.jira.errors import JiraNotFound, JiraProtocolError
from jiraex_shared.jira.gather_all import gather_all
from jiraex_shared.jira.ids import batches
from jiraex_shared.jira.issue_lists import paged_changelog
from jiraex_shared.jira.paging import is_truncated, page_items
from jiraex_shared.jira.transport import Transport

BULK_PATH = "/rest/api/3/changelog/bulkfetch"
BULK_ISSUES = 1000  # issueIdsOrKeys limit of changelog/bulkfetch
BULK_PAGE = 10000  # maxResults limit: histories per page, across the batch


async def cloud_changelogs(transport: Transport, ids: Sequence[str]) -> dict[str, list[dict]]:
    """Histories per issue id, oldest first; every requested id is a key (no history: [])."""
    merged: dict[str, list[dict]] = {issue_id: [] for issue_id in ids}
    for part in await gather_all(_cloud_batch(transport, batch) for batch in batches(ids, BULK_ISSUES)):
        for issue_id, histories in part.items():
            merged.setdefault(issue_id, []).extend(histories)
    return merged


async def _cloud_batch(transport: Transport, batch: Sequence[str]) -> dict[str, list[dict]]:
    histories: dict[str, list[dict]] = {}
    seen: set[tuple[str, str]] = set()
    used_tokens: set[str] = set()
    token: str | None = None
    while True:
        body: dict[str, Any] = {"issueIdsOrKeys": list(batch), "maxResults": BULK_PAGE}
        if token:
            body["nextPageToken"] = token
        data = await transport.post_json(BULK_PATH, body)
        for entry in page_items(data, "issueChangeLogs"):
            issue_id = str(entry.get("issueId"))
            bucket = histories.setdefault(issue_id, [])
            for history in page_items(entry, "changeHistories"):
                marker = (issue_id, str(history.get("id")))
                if history.get("id") is not None and marker in seen:
                    continue
                seen.add(marker)
                bucket.append(history)
        token = data.get("nextPageToken") if isinstance(data, dict) else None
        if not token:
            return histories
        if token in used_tokens:
            raise JiraProtocolError("changelog/bulkfetch repeated a nextPageToken", where=f"POST {BULK_PATH}")
        used_tokens.add(token)


async def server_changelogs(transport: Transport, ids: Sequence[str]) -> dict[str, list[dict]]:
    """Server/DC embeds the whole history with `expand=changelog`; a truncated one is paged separately."""
    issues = await server_fetch_issues(transport, ids, ["id"], ["changelog"])
    result: dict[str, list[dict]] = {issue_id: [] for issue_id in ids}
    truncated: list[str] = []
    for issue in issues:
        issue_id = str(issue.get("id"))
        page = issue.get("changelog")
        if is_truncated(page, "histories"):
            truncated.append(issue_id)
        else:
            result[issue_id] = page_items(page, "histories")
    for issue_id, histories in zip(
        truncated, await gather_all(server_issue_changelog(transport, i) for i in truncated), strict=True
    ):
        result[issue_id] = histories
    return result


async def server_issue_changelog(transport: Transport, issue_id: str) -> list[dict]:
    """A Server/DC history too long to embed: the paged endpoint, where the server has one."""
    try:
        return await paged_changelog(transport, 2, issue_id)
    except JiraNotFound as error:
        raise JiraProtocolError(
            f"the change history of issue {issue_id} came back truncated and this Jira has no paged "
            "changelog endpoint to read the rest",
            status=error.status,
            where=error.where,
        ) from None

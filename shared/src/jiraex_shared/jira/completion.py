"""Never trust embedded lists: replace a truncated comment, worklog or changelog page by the complete list."""

from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from typing import Any

from jiraex_shared.jira.gather_all import gather_all
from jiraex_shared.jira.paging import is_truncated

ListFetcher = Callable[[str], Coroutine[Any, Any, list[dict]]]


async def complete_issue(
    issue: dict, *, comments: ListFetcher, worklogs: ListFetcher, changelog: ListFetcher
) -> dict:
    """A copy of `issue` whose `fields.comment`, `fields.worklog` and `changelog` pages hold every item.

    Only truncated pages cost requests (total > len, or startAt > 0); an issue with nothing truncated is
    returned as is. A completed page keeps Jira's shape with `startAt` 0 and `maxResults` = `total` = the
    length, so downstream code reads one form.
    """
    issue_id = str(issue["id"])
    result = copy.copy(issue)
    fields = dict(issue.get("fields") or {})
    jobs: list[tuple[dict[str, Any], str, str, Coroutine[Any, Any, list[dict]]]] = []
    if is_truncated(fields.get("comment"), "comments"):
        jobs.append((fields, "comment", "comments", comments(issue_id)))
    if is_truncated(fields.get("worklog"), "worklogs"):
        jobs.append((fields, "worklog", "worklogs", worklogs(issue_id)))
    if is_truncated(issue.get("changelog"), "histories"):
        jobs.append((result, "changelog", "histories", changelog(issue_id)))
    if not jobs:
        return issue
    lists = await gather_all(job[3] for job in jobs)
    for (owner, name, items_key, _), items in zip(jobs, lists, strict=True):
        owner[name] = {
            **owner[name],
            items_key: items,
            "startAt": 0,
            "maxResults": len(items),
            "total": len(items),
        }
    if "fields" in issue:
        result["fields"] = fields
    return result

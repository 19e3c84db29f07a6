"""Embedded lists are never trusted: truncated comment, worklog and changelog pages are paged to the end."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from jira_mock_site import SyncHandler, body_of, fixture, json_response, mock_site

from jiraex_shared.jira import JiraRetryableError
from jiraex_shared.jira.paging import collect_offset_pages, is_truncated


def items(prefix: str, count: int) -> list[dict]:
    return [
        {"id": f"{prefix}{n}", "created": f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}.000+0000"}
        for n in range(count)
    ]


def paged(all_items: list[dict], key: str, cap: int) -> SyncHandler:
    """An offset-paged endpoint that clamps maxResults to `cap` (as Cloud does at 100)."""

    def page(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params["startAt"])
        size = min(int(request.url.params["maxResults"]), cap)
        chunk = all_items[start : start + size]
        return json_response({"startAt": start, "maxResults": size, "total": len(all_items), key: chunk})

    return page


async def test_an_untruncated_real_issue_costs_no_request() -> None:
    issue = fixture("search-issues-v3-adf-airbyte.json")["issues"][0]
    async with mock_site(lambda request: json_response({})) as site:
        completed = await site.client.complete_issue(issue)
    assert completed == issue
    assert site.requests == []


async def test_truncated_lists_are_replaced_by_complete_ones() -> None:
    comments, worklogs, histories = items("c", 45), items("w", 7), items("h", 130)

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/rest/api/3/issue/10001/comment":
            assert request.url.params["orderBy"] == "created"
            return paged(comments, "comments", cap=20)(request)
        if path == "/rest/api/3/issue/10001/worklog":
            return paged(worklogs, "worklogs", cap=5000)(request)
        assert path == "/rest/api/3/changelog/bulkfetch"
        assert body_of(request)["issueIdsOrKeys"] == ["10001"]
        return json_response({"issueChangeLogs": [{"issueId": "10001", "changeHistories": histories}]})

    issue: dict[str, Any] = {
        "id": "10001",
        "key": "P-1",
        "fields": {
            "summary": "heavy",
            "comment": {"comments": comments[:20], "maxResults": 20, "total": 45, "startAt": 0, "self": "x"},
            "worklog": {"worklogs": worklogs[:2], "maxResults": 2, "total": 7, "startAt": 0},
        },
        "changelog": {"startAt": 0, "maxResults": 40, "total": 130, "histories": histories[-40:]},
    }
    async with mock_site(handle) as site:
        completed = await site.client.complete_issue(issue)
    assert completed["fields"]["comment"] == {
        "comments": comments,
        "maxResults": 45,
        "total": 45,
        "startAt": 0,
        "self": "x",
    }
    assert completed["fields"]["worklog"]["worklogs"] == worklogs
    assert completed["changelog"]["histories"] == histories
    assert completed["changelog"]["total"] == 130
    assert completed["fields"]["summary"] == "heavy"
    assert issue["fields"]["comment"]["total"] == 45
    assert len(issue["fields"]["comment"]["comments"]) == 20
    comment_starts = [int(r.url.params["startAt"]) for r in site.requests if r.url.path.endswith("/comment")]
    assert comment_starts == [0, 20, 40]  # pages follow what came back, not what was asked for


async def test_server_completion_pages_on_v2_endpoints() -> None:
    comments = items("c", 60)

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/rest/api/2/issue/20001/comment"
        return paged(comments, "comments", cap=50)(request)

    issue: dict[str, Any] = {
        "id": "20001",
        "fields": {"comment": {"comments": comments[:50], "maxResults": 50, "total": 60, "startAt": 0}},
    }
    async with mock_site(handle, deployment="server", base_url="https://jira.example.org") as site:
        completed = await site.client.complete_issue(issue)
    assert completed["fields"]["comment"]["comments"] == comments


async def test_comments_and_worklogs_methods_return_everything() -> None:
    comments, worklogs = items("c", 250), items("w", 12)

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/comment"):
            return paged(comments, "comments", cap=100)(request)
        return paged(worklogs, "worklogs", cap=5)(request)

    async with mock_site(handle) as site:
        assert await site.client.comments("10001") == comments
        assert await site.client.worklogs("10001") == worklogs


@pytest.mark.parametrize(
    ("page", "truncated"),
    [
        (None, False),
        ({"comments": [1, 2], "total": 2, "startAt": 0, "maxResults": 20}, False),
        ({"comments": [1, 2], "total": 3}, True),
        ({"comments": [1, 2], "total": 2, "startAt": 5}, True),
        ({"comments": [1], "isLast": False}, True),
        ({"comments": []}, False),
    ],
)
def test_truncation_detection(page: dict | None, truncated: bool) -> None:
    assert is_truncated(page, "comments") is truncated


async def test_a_list_that_ends_short_of_its_total_is_an_error_not_silence() -> None:
    async def fetch(start: int) -> dict:
        return {"startAt": start, "total": 5, "comments": [{"id": "1"}, {"id": "2"}] if start == 0 else []}

    with pytest.raises(JiraRetryableError, match="Jira reported 5 but paging returned 2"):
        await collect_offset_pages(fetch, "comments", where="GET /issue/1/comment")


async def test_a_server_that_ignores_start_at_does_not_loop_forever() -> None:
    calls = 0

    async def fetch(start: int) -> dict:
        nonlocal calls
        calls += 1
        return {"startAt": 0, "total": 4, "worklogs": [{"id": "1"}, {"id": "2"}]}

    with pytest.raises(JiraRetryableError):
        await collect_offset_pages(fetch, "worklogs", where="GET /issue/1/worklog")
    assert calls == 2


async def test_items_without_ids_are_kept() -> None:
    async def fetch(start: int) -> dict:
        return {"startAt": start, "total": 2, "values": [{"a": 1}, {"a": 2}][start:]}

    assert await collect_offset_pages(fetch, "values", where="x") == [{"a": 1}, {"a": 2}]

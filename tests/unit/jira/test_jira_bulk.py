"""Bulk issue fetch and complete change histories for many issues, in both dialects."""

from __future__ import annotations

import re

import httpx
import pytest
from jira_mock_site import SERVER_URL, body_of, fixture, json_response, mock_site

from jiraex_shared.jira import JiraProtocolError


def issue(issue_id: int, **extra: object) -> dict:
    return {
        "id": str(issue_id),
        "key": f"P-{issue_id - 10000}",
        "fields": {"summary": f"issue {issue_id}"},
        **extra,
    }


async def test_cloud_bulkfetch_splits_by_100_and_keeps_the_callers_order() -> None:
    missing = {"10007", "10150"}  # deleted or not visible: Jira leaves them out silently

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/rest/api/3/issue/bulkfetch"
        wanted = body_of(request)["issueIdsOrKeys"]
        found = sorted(int(i) for i in wanted if i not in missing)  # Jira answers in ascending id order
        return json_response({"issues": [issue(i) for i in found], "issueErrors": []})

    ids = [str(10000 + n) for n in reversed(range(250))]
    async with mock_site(handle) as site:
        issues = await site.client.fetch_issues(ids, fields=None, expand=["renderedFields"])
    bodies = [body_of(r) for r in site.requests]
    assert sorted(len(b["issueIdsOrKeys"]) for b in bodies) == [50, 100, 100]
    assert all(b["fields"] == ["*all"] and b["expand"] == ["renderedFields"] for b in bodies)
    assert [i["id"] for i in issues] == [i for i in ids if i not in missing]


async def test_cloud_bulkfetch_passes_the_field_selection() -> None:
    async with mock_site(lambda request: json_response({"issues": [issue(10001)]})) as site:
        await site.client.fetch_issues(["10001", "10001"], fields=["summary", "status"])
    assert body_of(site.requests[0]) == {
        "issueIdsOrKeys": ["10001"],
        "fields": ["summary", "status"],
        "fieldsByKeys": False,
    }


async def test_ids_that_could_inject_jql_are_refused() -> None:
    async with mock_site(lambda request: json_response({})) as site:
        with pytest.raises(ValueError, match="not an issue id"):
            await site.client.fetch_issues(["10001) OR project = SECRET"], fields=None)
    assert site.requests == []


async def test_server_fetches_by_id_search_and_pages_when_clamped() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/jira/rest/api/2/search"
        body = body_of(request)
        wanted = sorted(int(i) for i in re.findall(r"\d+", body["jql"]))
        found = sorted(wanted, reverse=True)  # default order: key descending
        page = found[body["startAt"] : body["startAt"] + 2]
        return json_response(
            {
                "startAt": body["startAt"],
                "maxResults": 2,
                "total": len(found),
                "issues": [issue(i) for i in page],
            }
        )

    ids = ["10003", "10001", "10005", "10002", "10004"]
    async with mock_site(handle, deployment="server", base_url=SERVER_URL) as site:
        issues = await site.client.fetch_issues(ids, fields=["summary"], expand=["changelog"])
    assert [i["id"] for i in issues] == ids
    first = body_of(site.requests[0])
    assert first["jql"] == "id in (10003, 10001, 10005, 10002, 10004)"
    assert first["validateQuery"] == "warn"
    assert first["fields"] == ["summary"]
    assert first["expand"] == ["changelog"]
    assert [body_of(r)["startAt"] for r in site.requests] == [0, 2, 4]


def test_keys_are_quoted_in_jql() -> None:
    from jiraex_shared.jira.ids import jql_id_list

    assert jql_id_list(["10001", "ABC-12"]) == 'id in (10001, "ABC-12")'


def history(history_id: int, created: str = "2024-01-01T00:00:00.000+0000") -> dict:
    return {"id": str(history_id), "created": created, "items": [{"field": "status", "toString": "Done"}]}


async def test_cloud_changelog_bulkfetch_pages_tokens_and_splits_by_1000() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/rest/api/3/changelog/bulkfetch"
        body = body_of(request)
        assert body["maxResults"] == 10000
        ids = body["issueIdsOrKeys"]
        token = body.get("nextPageToken")
        if ids[0] == "10000" and token is None:  # first batch, page 1: histories of two issues, interleaved
            return json_response(
                {
                    "issueChangeLogs": [
                        {"issueId": "10000", "changeHistories": [history(1), history(3)]},
                        {"issueId": "10001", "changeHistories": [history(2)]},
                    ],
                    "nextPageToken": "p2",
                }
            )
        if ids[0] == "10000":  # page 2 repeats history 3 (a retried page must not duplicate it)
            return json_response(
                {"issueChangeLogs": [{"issueId": "10000", "changeHistories": [history(3), history(4)]}]}
            )
        return json_response({"issueChangeLogs": [{"issueId": ids[-1], "changeHistories": [history(9)]}]})

    ids = [str(10000 + n) for n in range(1500)]
    async with mock_site(handle) as site:
        changelogs = await site.client.changelogs(ids)
    assert sorted(len(body_of(r)["issueIdsOrKeys"]) for r in site.requests) == [500, 1000, 1000]
    assert set(changelogs) == set(ids)
    assert [h["id"] for h in changelogs["10000"]] == ["1", "3", "4"]
    assert [h["id"] for h in changelogs["10001"]] == ["2"]
    assert [h["id"] for h in changelogs["11499"]] == ["9"]
    assert changelogs["10500"] == []


async def test_cloud_changelog_bulkfetch_spec_example_parses() -> None:
    async with mock_site(
        lambda request: json_response({**fixture("changelog-bulkfetch.json"), "nextPageToken": None})
    ) as site:
        changelogs = await site.client.changelogs(["10100"])
    assert [h["id"] for h in changelogs["10100"]] == ["10001", "10002"]


async def test_server_changelog_comes_embedded_and_truncated_ones_are_paged() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rest/api/2/search":
            body = body_of(request)
            assert body["expand"] == ["changelog"]
            assert body["fields"] == ["id"]
            full = {"startAt": 0, "maxResults": 2, "total": 2, "histories": [history(1), history(2)]}
            cut = {"startAt": 0, "maxResults": 1, "total": 3, "histories": [history(5)]}
            return json_response(
                {
                    "startAt": 0,
                    "maxResults": 50,
                    "total": 2,
                    "issues": [issue(10001, changelog=full), issue(10002, changelog=cut)],
                }
            )
        assert request.url.path == "/rest/api/2/issue/10002/changelog"
        return json_response(
            {
                "startAt": 0,
                "maxResults": 100,
                "total": 3,
                "isLast": True,
                "values": [history(5), history(6), history(7)],
            }
        )

    async with mock_site(handle, deployment="server", base_url="https://jira.example.org") as site:
        changelogs = await site.client.changelogs(["10001", "10002", "10003"])
    assert [h["id"] for h in changelogs["10001"]] == ["1", "2"]
    assert [h["id"] for h in changelogs["10002"]] == ["5", "6", "7"]
    assert changelogs["10003"] == []


async def test_server_truncated_changelog_without_a_paged_endpoint_says_so() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rest/api/2/search":
            cut = {"startAt": 0, "maxResults": 1, "total": 3, "histories": [history(5)]}
            return json_response(
                {"startAt": 0, "maxResults": 50, "total": 1, "issues": [issue(10002, changelog=cut)]}
            )
        return json_response({"errorMessages": ["null for uri: …/changelog"]}, 404)

    async with mock_site(handle, deployment="server", base_url="https://jira.example.org") as site:
        with pytest.raises(JiraProtocolError, match="change history of issue 10002 came back truncated"):
            await site.client.changelogs(["10002"])

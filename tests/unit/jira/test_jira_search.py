"""Id enumeration in both dialects (Cloud token chain, Server startAt paging) with checkpointable cursors."""

from __future__ import annotations

import httpx
import msgspec
import pytest
from jira_mock_site import SERVER_URL, SyncHandler, body_of, fixture, fixture_bytes, json_response, mock_site

from jiraex_shared.jira import JiraBadRequest, JiraClient, JiraProtocolError, SearchCursor, SearchPage
from jiraex_shared.jira.search_server import later_page_cursors

JQL = "project = TES ORDER BY key ASC"


def cloud_pages(pages: list[list[int]]) -> SyncHandler:
    """search/jql answers for pages of given ids (page sizes vary: Jira decides them)."""

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.url.path == "/rest/api/3/search/jql"
        body = body_of(request)
        index = int(body.get("nextPageToken", "tok-0").removeprefix("tok-"))
        issues = [{"id": str(i), "key": f"TES-{i - 10000}"} for i in pages[index]]
        answer: dict = {"issues": issues, "isLast": index == len(pages) - 1}
        if index < len(pages) - 1:
            answer["nextPageToken"] = f"tok-{index + 1}"
        return json_response(answer)

    return handle


async def collect(client: JiraClient, jql: str = JQL, cursor: SearchCursor | None = None) -> list[SearchPage]:
    pages = [await client.search_ids(jql, cursor=cursor)]
    while pages[-1].cursor is not None:
        pages.append(await client.search_ids(jql, cursor=pages[-1].cursor))
    return pages


async def test_cloud_follows_the_token_chain_whatever_the_page_sizes() -> None:
    async with mock_site(cloud_pages([[10001, 10002, 10003], [10004], [10005, 10006]])) as site:
        pages = await collect(site.client)
    assert [page.ids for page in pages] == [["10001", "10002", "10003"], ["10004"], ["10005", "10006"]]
    assert pages[0].keys == ["TES-1", "TES-2", "TES-3"]
    assert pages[-1].cursor is None
    assert all(page.total is None for page in pages)
    bodies = [body_of(r) for r in site.requests]
    assert bodies[0] == {"jql": JQL, "fields": ["id"], "maxResults": 5000}
    assert [b.get("nextPageToken") for b in bodies] == [None, "tok-1", "tok-2"]


async def test_cloud_cursor_survives_a_checkpoint_round_trip() -> None:
    async with mock_site(cloud_pages([[10001], [10002], [10003]])) as site:
        first = await site.client.search_ids(JQL)
        stored = msgspec.json.encode(first.cursor)  # what the planner writes to the database
        resumed = await collect(site.client, cursor=msgspec.json.decode(stored, type=SearchCursor))
    assert [page.ids for page in resumed] == [["10002"], ["10003"]]
    assert msgspec.to_builtins(first.cursor) == {"next_page_token": "tok-1"}


async def test_cloud_real_pages_from_mattermost_fixtures() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if "nextPageToken" in body_of(request):
            return httpx.Response(
                200,
                content=fixture_bytes("search-jql-last-page-mattermost.json"),
                headers={"Content-Type": "application/json"},
            )
        return json_response(fixture("search-jql-page1-mattermost.json"))

    async with mock_site(handle) as site:
        pages = await collect(site.client)
    assert [(page.ids, page.keys) for page in pages] == [(["10040"], ["TES-41"]), (["10041"], ["TES-42"])]
    assert body_of(site.requests[1])["nextPageToken"] == "opaque-token-page-2"


async def test_cloud_last_page_may_say_is_last_without_dropping_the_token() -> None:
    answer = {"issues": [{"id": "1", "key": "A-1"}], "isLast": True, "nextPageToken": "ignored"}
    async with mock_site(lambda request: json_response(answer)) as site:
        page = await site.client.search_ids(JQL)
    assert page.cursor is None


async def test_cloud_repeated_token_is_an_error_not_an_endless_loop() -> None:
    answer = {"issues": [{"id": "1", "key": "A-1"}], "isLast": False, "nextPageToken": "same"}
    async with mock_site(lambda request: json_response(answer)) as site:
        first = await site.client.search_ids(JQL)
        with pytest.raises(JiraProtocolError, match="same nextPageToken"):
            await site.client.search_ids(JQL, cursor=first.cursor)


async def test_bad_jql_is_a_bad_request_with_jiras_words() -> None:
    bad = httpx.Response(
        400, content=fixture_bytes("400-bad-jql.json"), headers={"Content-Type": "application/json"}
    )
    async with mock_site(lambda request: bad) as site:
        with pytest.raises(JiraBadRequest, match="Expecting '\\)' before the end of the query"):
            await site.client.search_ids("project = (TES")
    assert len(site.requests) == 1


def server_search(total: int, cap: int) -> SyncHandler:
    """/rest/api/2/search clamping maxResults to `cap` and echoing the clamped value."""

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/jira/rest/api/2/search"
        body = body_of(request)
        start, size = body["startAt"], min(body["maxResults"], cap)
        issues = [{"id": str(10000 + i), "key": f"SRV-{i}"} for i in range(start, min(start + size, total))]
        return json_response({"startAt": start, "maxResults": size, "total": total, "issues": issues})

    return handle


async def test_server_pages_by_what_the_server_echoes() -> None:
    async with mock_site(server_search(total=7, cap=3), deployment="server", base_url=SERVER_URL) as site:
        pages = await collect(site.client)
    assert [len(page.ids) for page in pages] == [3, 3, 1]
    assert [i for page in pages for i in page.ids] == [str(10000 + i) for i in range(7)]
    assert all(page.total == 7 for page in pages)
    bodies = [body_of(r) for r in site.requests]
    assert [(b["startAt"], b["maxResults"]) for b in bodies] == [(0, 1000), (3, 3), (6, 3)]
    assert bodies[0]["fields"] == ["id"]
    assert pages[0].cursor == SearchCursor(start_at=3, page_size=3)


async def test_server_stops_on_an_empty_page_even_if_total_said_more() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        start = body_of(request)["startAt"]
        issues = [{"id": "1", "key": "A-1"}] if start == 0 else []
        return json_response({"startAt": start, "maxResults": 1, "total": 5, "issues": issues})

    async with mock_site(handle, deployment="server", base_url=SERVER_URL) as site:
        pages = await collect(site.client)
    assert [page.ids for page in pages] == [["1"], []]


async def test_server_later_pages_can_be_fetched_in_parallel() -> None:
    async with mock_site(server_search(total=10, cap=4), deployment="server", base_url=SERVER_URL) as site:
        first = await site.client.search_ids(JQL)
        cursors = later_page_cursors(first)
        rest = [await site.client.search_ids(JQL, cursor=cursor) for cursor in cursors]
    assert [c.start_at for c in cursors] == [4, 8]
    assert [i for page in [first, *rest] for i in page.ids] == [str(10000 + i) for i in range(10)]


async def test_approximate_count_in_both_dialects() -> None:
    async with mock_site(lambda request: json_response({"count": 153})) as cloud:
        assert await cloud.client.approximate_count(JQL) == 153
    assert cloud.requests[0].url.path == "/rest/api/3/search/approximate-count"
    assert body_of(cloud.requests[0]) == {"jql": JQL}

    async with mock_site(server_search(total=42, cap=50), deployment="server", base_url=SERVER_URL) as server:
        assert await server.client.approximate_count(JQL) == 42
    assert body_of(server.requests[0])["maxResults"] == 0

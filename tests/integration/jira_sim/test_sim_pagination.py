"""Paging: every key exactly once in Jira's order (token chain on Cloud, startAt on Server), and full histories."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from jiraex_jira_sim.runner import RunningSimulator

JQL = "project is not EMPTY ORDER BY created DESC"


async def ground_truth(client: httpx.AsyncClient, jql: str) -> dict[str, Any]:
    response = await client.get("/__sim/ground-truth", params={"jql": jql})
    assert response.status_code == 200
    return response.json()


async def token_chain(client: httpx.AsyncClient, *, post: bool, **params: Any) -> tuple[list[str], list[int]]:
    keys: list[str] = []
    sizes: list[int] = []
    token = None
    while True:
        query = {**params, **({"nextPageToken": token} if token else {})}
        if post:
            response = await client.post("/rest/api/3/search/jql", json=query)
        else:
            response = await client.get("/rest/api/3/search/jql", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        keys += [issue["key"] for issue in page["issues"]]
        sizes.append(len(page["issues"]))
        token = page.get("nextPageToken")
        assert page["isLast"] is (token is None)
        if token is None:
            return keys, sizes


@pytest.mark.parametrize(
    ("post", "max_results", "fields", "page_size"),
    [
        (False, 7, "id", 7),
        (True, 50, ["id"], 50),
        (False, 5000, "key", 5000),
        (True, 5000, ["summary", "status"], 100),  # fields asked for: the server caps pages at 100
        (False, 13, "*all", 13),
    ],
)
async def test_cloud_token_chain_yields_every_key_once(
    cloud: httpx.AsyncClient, post: bool, max_results: int, fields: Any, page_size: int
) -> None:
    truth = [issue["key"] for issue in (await ground_truth(cloud, JQL))["issues"]]
    keys, sizes = await token_chain(cloud, post=post, jql=JQL, maxResults=max_results, fields=fields)
    assert keys == truth
    assert all(size == page_size for size in sizes[:-1])
    assert 0 < sizes[-1] <= page_size


async def test_cloud_tokens_are_opaque_and_checked(cloud: httpx.AsyncClient) -> None:
    first = (await cloud.get("/rest/api/3/search/jql", params={"jql": JQL, "maxResults": 10})).json()
    token = first["nextPageToken"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "not-a-token", token):
        jql = JQL if bad != token else "project is not EMPTY ORDER BY key ASC"  # a token of another query
        response = await cloud.get("/rest/api/3/search/jql", params={"jql": jql, "nextPageToken": bad})
        assert response.status_code == 400
        assert response.json()["errorMessages"]
        assert response.json()["errors"] == {}
    for max_results in (0, 5001):
        response = await cloud.get("/rest/api/3/search/jql", params={"jql": JQL, "maxResults": max_results})
        assert response.status_code == 400


@pytest.mark.parametrize(("requested", "echoed"), [(7, 7), (40, 40), (100, 40)])
async def test_server_startat_pages_yield_every_key_once(
    server: httpx.AsyncClient, requested: int, echoed: int
) -> None:
    truth = [issue["key"] for issue in (await ground_truth(server, JQL))["issues"]]
    keys: list[str] = []
    start = 0
    while True:
        response = await server.get(
            "/rest/api/2/search", params={"jql": JQL, "startAt": start, "maxResults": requested, "fields": "id"}
        )
        page = response.json()
        assert page["maxResults"] == echoed
        assert page["startAt"] == start
        assert page["total"] == len(truth)
        keys += [issue["key"] for issue in page["issues"]]
        start += page["maxResults"]  # the echoed value, not the requested one
        if start >= page["total"]:
            break
    assert keys == truth


async def test_server_search_post_and_empty_jql(server: httpx.AsyncClient, server_sim: RunningSimulator) -> None:
    body = (await server.post("/rest/api/2/search", json={"jql": "", "maxResults": 5})).json()
    assert body["total"] == len(server_sim.dataset)
    assert len(body["issues"]) == 5
    assert "fields" in body["issues"][0]  # *navigable by default on Server
    assert (await server.get("/rest/api/2/search/jql", params={"jql": JQL})).status_code == 404


async def _page_all(client: httpx.AsyncClient, path: str, items: str, size: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = (await client.get(path, params={"startAt": len(found), "maxResults": size})).json()
        found += page[items]
        if len(found) >= page["total"] or not page[items]:
            assert len(found) == page["total"]
            return found


async def test_cloud_comment_changelog_worklog_totals_match_ground_truth(
    cloud: httpx.AsyncClient, cloud_sim: RunningSimulator
) -> None:
    truth = {issue["key"]: issue for issue in (await ground_truth(cloud, JQL))["issues"]}
    ds = cloud_sim.dataset
    interesting = [ds.issue_key(i) for i in range(len(ds)) if ds.is_heavy(i)] + [ds.issue_key(i) for i in range(6)]
    for key in interesting:
        comments = await _page_all(cloud, f"/rest/api/3/issue/{key}/comment", "comments", 100)
        histories = await _page_all(cloud, f"/rest/api/3/issue/{key}/changelog", "values", 100)
        worklogs = await _page_all(cloud, f"/rest/api/3/issue/{key}/worklog", "worklogs", 5000)
        assert len({c["id"] for c in comments}) == truth[key]["comments"]
        assert len({h["id"] for h in histories}) == truth[key]["histories"]
        assert len({w["id"] for w in worklogs}) == truth[key]["worklogs"]

    # changelog/bulkfetch over every issue, small pages: the same totals, each history once.
    ids = [issue["id"] for issue in truth.values()]
    per_issue: dict[str, set[str]] = {}
    token = None
    pages = 0
    while True:
        body = {"issueIdsOrKeys": ids, "maxResults": 700, **({"nextPageToken": token} if token else {})}
        page = (await cloud.post("/rest/api/3/changelog/bulkfetch", json=body)).json()
        pages += 1
        for entry in page["issueChangeLogs"]:
            seen = per_issue.setdefault(entry["issueId"], set())
            new = {h["id"] for h in entry["changeHistories"]}
            assert not seen & new
            seen |= new
        token = page.get("nextPageToken")
        if token is None:
            break
    assert pages > 1
    for issue in truth.values():
        assert len(per_issue.get(issue["id"], ())) == issue["histories"]


async def test_server_embeds_full_changelog(server: httpx.AsyncClient, server_sim: RunningSimulator) -> None:
    ds = server_sim.dataset
    heavy = next(i for i in range(len(ds)) if ds.histories_count(i) > 1000)
    key = ds.issue_key(heavy)
    page = (
        await server.get("/rest/api/2/search", params={"jql": f"key = {key}", "expand": "changelog", "fields": "id"})
    ).json()
    changelog = page["issues"][0]["changelog"]
    assert changelog["total"] == len(changelog["histories"]) == ds.histories_count(heavy)
    comments = await _page_all(server, f"/rest/api/2/issue/{key}/comment", "comments", 40)
    assert len(comments) == ds.comments_count(heavy)
    issue = (await server.get(f"/rest/api/2/issue/{key}", params={"expand": "changelog"})).json()
    assert len(issue["changelog"]["histories"]) == ds.histories_count(heavy)
    assert isinstance(issue["fields"]["description"], str)  # wiki markup on v2


async def test_rereading_issues_is_served_from_the_render_cache(cloud: httpx.AsyncClient) -> None:
    body = {"issueIdsOrKeys": [str(10000 + i) for i in range(40)], "fields": ["*all"]}
    first = await cloud.post("/rest/api/3/issue/bulkfetch", json=body)
    misses = (await cloud.get("/__sim/stats")).json()["render_cache"]["misses"]
    second = await cloud.post("/rest/api/3/issue/bulkfetch", json=body)
    cache = (await cloud.get("/__sim/stats")).json()["render_cache"]
    assert second.content == first.content
    assert cache["misses"] == misses
    assert cache["hits"] >= 40
    assert 0 < cache["bytes"] <= cache["budget"]

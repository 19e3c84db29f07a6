"""The third-party ``jira`` client (pycontribs) reads every issue from the simulator in both modes."""

from __future__ import annotations

import asyncio

from jira import JIRA

from jiraex_jira_sim.runner import RunningSimulator


def _cloud_keys(url: str, email: str, token: str) -> tuple[str | None, list[str]]:
    client = JIRA(url, basic_auth=(email, token), max_retries=0)
    try:
        issues = client.enhanced_search_issues("project is not EMPTY", maxResults=False)
        return client.deploymentType, [issue.key for issue in issues]
    finally:
        client.close()


def _server_keys(url: str, page_size: int, **auth: object) -> tuple[str | None, list[str], int]:
    client = JIRA(url, max_retries=0, **auth)
    try:
        keys: list[str] = []
        start = 0
        while True:
            page = client.search_issues("ORDER BY key ASC", startAt=start, maxResults=page_size)
            keys += [issue.key for issue in page]
            start += len(page)
            if not len(page) or start >= page.total:
                return client.deploymentType, keys, page.total
    finally:
        client.close()


async def test_enhanced_search_reads_every_cloud_issue(cloud_sim: RunningSimulator, creds) -> None:
    deployment, keys = await asyncio.to_thread(_cloud_keys, cloud_sim.base_url, creds.email, creds.token)
    ds = cloud_sim.dataset
    assert deployment == "Cloud"
    assert len(keys) == len(set(keys)) == len(ds)
    assert set(keys) == {ds.issue_key(i) for i in range(len(ds))}
    # It paged /rest/api/2/search/jql (its default REST version) with *all fields, 100 a page.
    by_endpoint = cloud_sim.stats()["by_endpoint"]
    assert by_endpoint["GET /rest/api/2/search/jql"]["200"] == -(-len(ds) // 100)


async def test_startat_loop_reads_every_server_issue(server_sim: RunningSimulator, creds) -> None:
    # maxResults=100 is above the server cap (40): the client must follow the echoed page size.
    for auth in ({"token_auth": creds.pat}, {"basic_auth": (creds.user, creds.password)}):
        deployment, keys, total = await asyncio.to_thread(_server_keys, server_sim.base_url, 100, **auth)
        assert deployment == "Server"
        assert total == len(server_sim.dataset)
        assert sorted(keys) == sorted(server_sim.dataset.issue_key(i) for i in range(total))
        assert len(keys) == len(set(keys))

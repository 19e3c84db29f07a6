"""Server/DC bodies have the keys of the JRJC and jira-ruby samples (REST v2, startAt paging, name-based users)."""

from __future__ import annotations

from typing import Any

import httpx

from jiraex_jira_sim.runner import RunningSimulator


def assert_keys_like(ours: dict[str, Any], sample: dict[str, Any], optional: set[str] = frozenset()) -> None:
    missing = set(sample) - set(ours) - set(optional)
    assert not missing, f"keys in the Jira sample but not in the simulator's body: {sorted(missing)}"


async def test_server_bodies_match_samples(server: httpx.AsyncClient, server_sim: RunningSimulator, sample) -> None:
    ds = server_sim.dataset
    page = (
        await server.get(
            "/rest/api/2/search", params={"jql": "ORDER BY key", "maxResults": 3, "expand": "names,schema"}
        )
    ).json()
    reference = sample("server-dc-v2/search-page-startat-jrjc.json")
    assert set(page) == set(reference)
    assert_keys_like(page["issues"][0], reference["issues"][0])
    assert page["names"]["summary"] == "Summary"
    assert page["schema"]["summary"]["type"] == "string"

    info = (await server.get("/rest/api/2/serverInfo")).json()
    assert_keys_like(info, sample("server-dc-v2/serverinfo-old-jrjc.json"))

    myself = (await server.get("/rest/api/2/myself")).json()
    assert_keys_like(myself, sample("server-dc-v2/user-myself-jrjc.json"), optional={"avatarUrl"})
    assert "accountId" not in myself

    busy = next(i for i in range(len(ds)) if ds.comments_count(i) and ds.worklogs_count(i))
    key = ds.issue_key(busy)
    comments = (await server.get(f"/rest/api/2/issue/{key}/comment")).json()
    reference = sample("server-dc-v2/issue-comments-page-jira-ruby.json")
    assert set(comments) == set(reference)
    assert_keys_like(comments["comments"][0], reference["comments"][0])
    assert isinstance(comments["comments"][0]["body"], str)  # wiki markup, not ADF

    worklogs = (await server.get(f"/rest/api/2/issue/{key}/worklog")).json()
    reference = sample("server-dc-v2/issue-worklogs-page-jira-ruby.json")
    assert set(worklogs) == set(reference)
    assert_keys_like(worklogs["worklogs"][0], reference["worklogs"][0], optional={"comment"})

    with_attachment = next(i for i in range(len(ds)) if ds.attachments(i))
    attachment = (await server.get(f"/rest/api/2/attachment/{ds.attachments(with_attachment)[0].id}")).json()
    assert_keys_like(attachment, sample("server-dc-v2/attachment-jrjc.json"), optional={"thumbnail"})

    projects = (await server.get("/rest/api/2/project")).json()
    assert_keys_like(projects[0], sample("server-dc-v2/projects-jrjc.json")[0])
    assert (await server.get("/rest/api/2/project/search")).status_code == 404  # Cloud only

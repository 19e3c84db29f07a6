"""Every Cloud operation's body validates against Atlassian's OpenAPI schemas and matches the samples' keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from jiraex_jira_sim.runner import RunningSimulator

Validate = Callable[[Any, str], None]


def first_key_with(sim: RunningSimulator, predicate: Callable[[int], bool]) -> str:
    ds = sim.dataset
    return next(ds.issue_key(i) for i in range(len(ds)) if predicate(i))


def assert_keys_like(ours: dict[str, Any], sample: dict[str, Any], optional: set[str] = frozenset()) -> None:
    """Our object carries every key the real sample has, except the ones the data makes optional."""
    missing = set(sample) - set(ours) - set(optional)
    assert not missing, f"keys in the Jira sample but not in the simulator's body: {sorted(missing)}"


async def test_server_info_myself_fields_projects(cloud: httpx.AsyncClient, openapi: Validate, sample) -> None:
    info = (await cloud.get("/rest/api/3/serverInfo")).json()
    assert info["deploymentType"] == "Cloud"
    assert info["versionNumbers"] == [1001, 0, 0]
    assert_keys_like(info, sample("cloud-v3/fixtures/serverinfo-cloud-jira-cli.json"))
    # The real body carries defaultLocale, which the spec's ServerInformation (additionalProperties: false)
    # does not declare: validate the rest.
    openapi({k: v for k, v in info.items() if k != "defaultLocale"}, "ServerInformation")

    myself = (await cloud.get("/rest/api/3/myself")).json()
    openapi(myself, "User")
    assert_keys_like(myself, sample("cloud-v3/spec-examples/myself.json"), optional={"key", "name"})

    fields = (await cloud.get("/rest/api/3/field")).json()
    assert any(f["custom"] for f in fields)
    assert any(not f["custom"] for f in fields)
    for field in fields:
        openapi(field, "FieldDetails")
    custom_sample = next(f for f in sample("cloud-v3/fixtures/fields-cloud-jira-cli.json") if f["custom"])
    ours_custom = next(f for f in fields if f["custom"])
    assert_keys_like(ours_custom, custom_sample, optional={"untranslatedName"})
    assert_keys_like(ours_custom["schema"], custom_sample["schema"])

    page = (await cloud.get("/rest/api/3/project/search", params={"maxResults": 2})).json()
    openapi(page, "PageBeanProject")
    assert_keys_like(page, sample("cloud-v3/spec-examples/project-search-page.json"))
    assert page["total"] > 2
    for project in (await cloud.get("/rest/api/3/project")).json():
        openapi(project, "Project")
    openapi((await cloud.get("/rest/api/3/attachment/meta")).json(), "AttachmentSettings")
    assert page["isLast"] is False
    assert len(page["values"]) == 2


async def test_search_jql_pages_and_issue_beans(
    cloud: httpx.AsyncClient, cloud_sim: RunningSimulator, openapi: Validate, sample
) -> None:
    jql = "project is not EMPTY ORDER BY key ASC"
    first = (await cloud.get("/rest/api/3/search/jql", params={"jql": jql, "maxResults": 3})).json()
    openapi(first, "SearchAndReconcileResults")
    assert set(first) == set(sample("cloud-v3/fixtures/search-jql-page1-mattermost.json"))
    assert first["isLast"] is False
    assert isinstance(first["nextPageToken"], str)
    # Default fields are id only: no "fields" member at all.
    assert all("fields" not in issue for issue in first["issues"])

    full = await cloud.post(
        "/rest/api/3/search/jql",
        json={"jql": jql, "maxResults": 5, "fields": ["*all"], "expand": "renderedFields,names,schema,changelog"},
    )
    body = full.json()
    openapi(body, "SearchAndReconcileResults")
    assert set(body["names"]) >= {"summary", "status"}
    assert "summary" in body["schema"]
    issue_sample = sample("cloud-v3/fixtures/search-jql-page1-mattermost.json")["issues"][0]
    assert_keys_like(body["issues"][0], issue_sample)

    last_jql = f"key = {cloud_sim.dataset.issue_key(0)}"
    last = (await cloud.get("/rest/api/3/search/jql", params={"jql": last_jql, "fields": "summary"})).json()
    assert set(last) == set(sample("cloud-v3/fixtures/search-jql-last-page-mattermost.json"))
    openapi(last, "SearchAndReconcileResults")

    # REST v2 on Cloud: the same operation and schema, wiki markup instead of ADF.
    v2 = (await cloud.get("/rest/api/2/search/jql", params={"jql": jql, "maxResults": 3, "fields": "*all"})).json()
    openapi(v2, "SearchAndReconcileResults")
    assert isinstance(v2["issues"][0]["fields"]["description"], str | None)

    count = await cloud.post("/rest/api/3/search/approximate-count", json={"jql": jql})
    openapi(count.json(), "JQLCountResultsBean")
    assert count.json() == {"count": len(cloud_sim.dataset)}


async def test_bulkfetch_bodies(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator, openapi: Validate, sample):
    ds = cloud_sim.dataset
    keys = [ds.issue_key(i) for i in (5, 3, 1)] + ["NOPE-999999"]
    issues = await cloud.post(
        "/rest/api/3/issue/bulkfetch",
        json={"issueIdsOrKeys": keys, "fields": ["*all"], "expand": ["renderedFields", "names", "changelog"]},
    )
    body = issues.json()
    openapi(body, "BulkIssueResults")
    assert_keys_like(body, sample("cloud-v3/spec-examples/issue-bulkfetch.json"), optional={"expand"})
    assert [issue["id"] for issue in body["issues"]] == [str(ds.issue_id(i)) for i in (1, 3, 5)]

    heavy = next(i for i in range(len(ds)) if ds.histories_count(i) > 1000)
    changelogs = await cloud.post(
        "/rest/api/3/changelog/bulkfetch", json={"issueIdsOrKeys": [ds.issue_key(heavy)], "maxResults": 500}
    )
    page = changelogs.json()
    openapi(page, "BulkChangelogResponseBean")
    assert set(page) == set(sample("cloud-v3/spec-examples/changelog-bulkfetch.json"))
    assert_keys_like(
        page["issueChangeLogs"][0], sample("cloud-v3/spec-examples/changelog-bulkfetch.json")["issueChangeLogs"][0]
    )


async def test_issue_and_its_pages(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator, openapi: Validate, sample):
    ds = cloud_sim.dataset
    heavy = next(i for i in range(len(ds)) if ds.histories_count(i) > 1000)
    key = ds.issue_key(heavy)
    issue = await cloud.get(f"/rest/api/3/issue/{key}", params={"expand": "renderedFields,names,schema,changelog"})
    bean = issue.json()
    openapi(bean, "IssueBean")
    # GET issue embeds only the latest 100 histories, like Cloud.
    assert bean["changelog"]["total"] == ds.histories_count(heavy)
    assert len(bean["changelog"]["histories"]) == 100
    assert {"names", "schema", "renderedFields"} <= set(bean)
    assert bean["fields"]["description"]["type"] == "doc"  # ADF on v3

    comments = (await cloud.get(f"/rest/api/3/issue/{key}/comment", params={"maxResults": 10})).json()
    openapi(comments, "PageOfComments")
    assert set(comments) == set(sample("cloud-v3/spec-examples/issue-comments-page.json"))
    assert_keys_like(
        comments["comments"][0],
        sample("cloud-v3/spec-examples/issue-comments-page.json")["comments"][0],
        optional={"visibility"},
    )

    changelog = (await cloud.get(f"/rest/api/3/issue/{key}/changelog", params={"maxResults": 50})).json()
    openapi(changelog, "PageBeanChangelog")
    assert set(changelog) == set(sample("cloud-v3/spec-examples/issue-changelog-page.json"))

    worklogs = (await cloud.get(f"/rest/api/3/issue/{key}/worklog")).json()
    openapi(worklogs, "PageOfWorklogs")
    assert_keys_like(
        worklogs["worklogs"][0],
        sample("cloud-v3/spec-examples/issue-worklogs-page.json")["worklogs"][0],
        optional={"visibility", "comment"},
    )

    with_attachment = next(i for i in range(len(ds)) if ds.attachments(i))
    attachment_id = ds.attachments(with_attachment)[0].id
    meta = (await cloud.get(f"/rest/api/3/attachment/{attachment_id}")).json()
    openapi(meta, "AttachmentMetadata")
    assert_keys_like(meta, sample("cloud-v3/spec-examples/attachment.json"), optional={"thumbnail"})
    assert meta["content"].endswith(f"/rest/api/3/attachment/content/{attachment_id}")


async def test_error_bodies_are_jiras(cloud: httpx.AsyncClient, openapi: Validate, sample) -> None:
    removed = await cloud.get("/rest/api/3/search", params={"jql": "project = X"})
    assert removed.status_code == 410
    openapi(removed.json(), "ErrorCollection")
    assert removed.json() == sample("errors/cloud-410-search-removed.json")
    assert (await cloud.post("/rest/api/2/search", json={"jql": "x"})).status_code == 410

    missing = await cloud.get("/rest/api/3/issue/NOPE-424242")
    assert missing.status_code == 404
    openapi(missing.json(), "ErrorCollection")
    assert missing.json() == sample("errors/cloud-404-issue-not-found.json")

    unbounded = await cloud.get("/rest/api/3/search/jql", params={"jql": "ORDER BY created DESC"})
    assert unbounded.status_code == 400
    assert unbounded.json() == sample("errors/cloud-400-unbounded-jql-RECONSTRUCTED.json")

    bad = await cloud.get("/rest/api/3/search/jql", params={"jql": "project = (", "fields": "id"})
    assert bad.status_code == 400
    openapi(bad.json(), "ErrorCollection")
    assert set(bad.json()) == {"errorMessages", "errors"}
    assert bad.json()["errorMessages"]

    too_many = await cloud.post("/rest/api/3/issue/bulkfetch", json={"issueIdsOrKeys": [str(i) for i in range(101)]})
    assert too_many.status_code == 400
    assert too_many.json()["errorMessages"]

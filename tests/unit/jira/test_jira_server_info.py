"""Deployment detection from serverInfo (research/jira-api.md §10)."""

from __future__ import annotations

import pytest
from jira_mock_site import SERVER_URL, fixture, json_response, mock_site

from jiraex_shared.jira.server_info import parse_server_info


def test_cloud_sample() -> None:
    info = parse_server_info(fixture("serverinfo-cloud-jira-cli.json"), base_url="https://demo.atlassian.net")
    assert info.deployment == "cloud"
    assert info.api_version == 3
    assert info.version == "1001.0.0-SNAPSHOT"
    assert info.version_numbers == (1001, 0, 0)
    assert info.build_number == 100204


def test_old_server_without_deployment_type_is_server() -> None:
    info = parse_server_info(fixture("serverinfo-old-jrjc.json"), base_url="http://localhost:8090/jira")
    assert info.deployment == "server"
    assert info.api_version == 2
    assert info.version == "4.2-SNAPSHOT"
    assert info.version_numbers == ()
    assert info.base_url == "http://localhost:8090/jira"


@pytest.mark.parametrize("deployment_type", ["Server", "DataCenter"])
def test_data_center_is_server(deployment_type: str) -> None:
    info = parse_server_info({"version": "10.3.19", "deploymentType": deployment_type}, base_url=SERVER_URL)
    assert info.deployment == "server"


@pytest.mark.parametrize(
    ("base_url", "deployment"),
    [
        ("https://acme.atlassian.net", "cloud"),
        ("https://api.atlassian.com/ex/jira/1234", "cloud"),
        ("https://jira.example.org", "server"),
    ],
)
def test_host_decides_when_the_field_is_missing(base_url: str, deployment: str) -> None:
    assert parse_server_info({"version": "1001.0.0"}, base_url=base_url).deployment == deployment


async def test_client_detects_once_and_uses_the_right_api_version() -> None:
    def handle(request):  # type: ignore[no-untyped-def]
        if request.url.path.endswith("/serverInfo"):
            return json_response(fixture("serverinfo-old-jrjc.json"))
        return json_response({"name": "admin"})

    async with mock_site(handle, deployment=None, base_url=SERVER_URL) as site:
        with pytest.raises(RuntimeError):
            site.client.api_version()
        await site.client.myself()
        await site.client.myself()
        assert site.client.api_version() == 2
    assert [r.url.path for r in site.requests] == [
        "/jira/rest/api/2/serverInfo",
        "/jira/rest/api/2/myself",
        "/jira/rest/api/2/myself",
    ]


async def test_a_given_deployment_skips_detection() -> None:
    async with mock_site(lambda request: json_response({}), deployment="cloud") as site:
        assert site.client.api_version() == 3
        await site.client.myself()
    assert [r.url.path for r in site.requests] == ["/rest/api/3/myself"]


async def test_fields_lists_field_details_of_the_right_api_version() -> None:
    fields = [
        {"id": "summary", "name": "Summary", "custom": False},
        {"id": "customfield_10111", "custom": True},
    ]
    async with mock_site(
        lambda request: json_response(fields), deployment="server", base_url=SERVER_URL
    ) as site:
        assert await site.client.fields() == fields
    assert site.requests[0].url.path == "/jira/rest/api/2/field"


async def test_a_field_list_that_is_not_a_list_is_refused() -> None:
    from jiraex_shared.jira import JiraProtocolError

    async with mock_site(lambda request: json_response({"fields": []})) as site:
        with pytest.raises(JiraProtocolError, match="not a JSON array"):
            await site.client.fields()

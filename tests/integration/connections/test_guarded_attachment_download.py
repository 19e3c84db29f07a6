"""Cloud's attachment 303 to the media host still works through the egress guard when both are allowed."""

import pytest

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.connections import EgressPolicy, EgressRefused, create_guarded_http_client
from jiraex_shared.jira import JiraClient, JiraCredentials
from jiraex_shared.ratelimit import MemoryRateGovernor

pytestmark = pytest.mark.integration


async def first_attachment(client: JiraClient) -> dict:
    page = await client.search_ids("project in (ALPHA, BRAVO, CHARLIE, DELTA) ORDER BY key ASC")
    for issue in await client.fetch_issues(page.ids, fields=["attachment"]):
        if issue["fields"].get("attachment"):
            return issue["fields"]["attachment"][0]
    raise AssertionError("the dataset has no attachment on the first page")


async def test_the_media_redirect_is_followed_to_an_allowed_host() -> None:
    config = SimConfig(mode="cloud", issues=30, seed=5, token="tok", max_attachment_bytes=64 * 1024)
    credentials = JiraCredentials(auth="basic", user="sim@example.com", token="tok")
    async with run_simulator(config) as sim:
        async with create_guarded_http_client(EgressPolicy.from_entries(["127.0.0.1"])) as http:
            client = JiraClient(sim.base_url, credentials, http, governor=MemoryRateGovernor(), timeout=5)
            attachment = await first_attachment(client)
            received = 0
            async for chunk in client.stream_attachment(attachment):
                received += len(chunk)
        assert received == attachment["size"] > 0
        media = {name: counts for name, counts in sim.stats()["by_endpoint"].items() if name.startswith("media")}
        assert sum(counts.get("200", 0) for counts in media.values()) == 1, sim.stats()["by_endpoint"]


async def test_the_media_host_is_checked_on_its_own() -> None:
    """Allow-listing the Jira host by name does not extend to where it redirects: the media host is refused."""
    config = SimConfig(mode="cloud", issues=30, seed=5, token="tok", max_attachment_bytes=64 * 1024)
    credentials = JiraCredentials(auth="basic", user="sim@example.com", token="tok")
    async with run_simulator(config) as sim:
        jira_port = sim.base_url.rsplit(":", 1)[1]
        async with create_guarded_http_client(EgressPolicy.from_entries(["127.0.0.1"])) as http:
            attachment = await first_attachment(
                JiraClient(sim.base_url, credentials, http, governor=MemoryRateGovernor(), timeout=5)
            )
        # "localhost" is allow-listed by name; the media URL names 127.0.0.1, which is not allowed here.
        async with create_guarded_http_client(EgressPolicy.from_entries(["localhost"])) as http:
            client = JiraClient(
                f"http://localhost:{jira_port}", credentials, http, governor=MemoryRateGovernor(), timeout=5,
                deployment="cloud",
            )
            with pytest.raises(EgressRefused):
                async for _chunk in client.stream_attachment(attachment):
                    pass

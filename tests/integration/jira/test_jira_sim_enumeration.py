"""Enumerating more ids than one page holds, in both dialects, equals the simulator's ground truth exactly."""

from __future__ import annotations

import asyncio

import pytest
from jira_sim_harness import connected, enumerate_ids, ground_truth, sim_config

from jiraex_jira_sim.dataset import Dataset
from jiraex_jira_sim.runner import build_dataset
from jiraex_shared.jira.search_server import later_page_cursors

pytestmark = pytest.mark.integration

ISSUES = 10_500  # Cloud pages hold at most 5000 ids: three pages
JQL = "project in (ALPHA, BRAVO, CHARLIE, DELTA) ORDER BY key ASC"


@pytest.fixture(scope="module")
def big_dataset() -> Dataset:
    # Tiny attachments keep the ground truth's hashing cheap; only ids and keys matter here.
    return build_dataset(sim_config("cloud", issues=ISSUES, max_attachment_bytes=512))


async def test_cloud_token_chain_over_several_pages(big_dataset: Dataset) -> None:
    config = sim_config("cloud", issues=ISSUES, max_attachment_bytes=512)
    async with connected(config, big_dataset) as site:
        ids, keys, pages = await enumerate_ids(site.client, JQL)
        truth = await ground_truth(site.sim, JQL)
    assert pages == 3
    assert keys == [issue["key"] for issue in truth["issues"]]
    assert ids == [issue["id"] for issue in truth["issues"]]
    assert len(set(ids)) == ISSUES


async def test_server_start_at_paging_sequential_and_parallel(big_dataset: Dataset) -> None:
    config = sim_config("server", issues=ISSUES, max_attachment_bytes=512, server_max_results=1000)
    async with connected(config, big_dataset) as site:
        _ids, keys, pages = await enumerate_ids(site.client, JQL)
        first = await site.client.search_ids(JQL)
        rest = await asyncio.gather(
            *(site.client.search_ids(JQL, cursor=c) for c in later_page_cursors(first))
        )
        truth = await ground_truth(site.sim, JQL)
    expected = [issue["key"] for issue in truth["issues"]]
    assert pages == 11
    assert keys == expected
    assert [key for page in [first, *rest] for key in page.keys] == expected
    assert first.total == ISSUES

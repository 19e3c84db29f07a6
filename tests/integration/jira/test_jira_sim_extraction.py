"""The Jira client against the real simulator over loopback: complete, exact, and unchanged by faults."""

from __future__ import annotations

import time
from typing import Any

import pytest
from jira_sim_harness import connected, enumerate_ids, extract, ground_truth, sim_config

from jiraex_jira_sim.dataset import Dataset
from jiraex_jira_sim.runner import build_dataset
from jiraex_shared.jira import JiraAuthError, JiraBadRequest

pytestmark = pytest.mark.integration

JQL = "project in (ALPHA, BRAVO, CHARLIE, DELTA) ORDER BY created ASC, key ASC"
ATTACHMENT_ISSUES = 12

# Every fault the simulator has except blackholes (they only test timeouts, which cost wall time).
FAULTS: dict[str, Any] = {
    "seed": 3,
    # A storm is on from the moment the faults are set, so the first requests are certainly throttled.
    "storm_every_s": 3.0,
    "storm_duration_s": 0.3,
    "storm_start_after_s": 0.0,
    "retry_after_zero_fraction": 0.3,
    "html_429_fraction": 0.5,
    "error_rate": 0.05,
    "error_503_fraction": 0.5,
    "reset_rate": 0.05,
    "truncate_rate": 0.05,
    "drop_attachment_streams": True,
    "latency": [{"pattern": "*", "ms": 2, "jitter_ms": 2}],
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(sim_config("cloud"))


def str_keys(counts: dict[Any, int]) -> dict[str, int]:
    return {str(key): value for key, value in counts.items()}


def expected_from(truth: dict[str, Any], extracted: dict[str, Any]) -> dict[str, Any]:
    """What `extract` must return, computed from the simulator's ground truth."""
    by_key = {issue["key"]: issue for issue in truth["issues"]}
    counts = {}
    for key, got in extracted["counts"].items():
        issue = by_key[key]
        counts[key] = [issue["comments"], issue["histories"], issue["worklogs"], issue["histories"]]
        if len(got) > 4:
            counts[key] += [issue["comments"], issue["worklogs"]]
    hashes = {a["id"]: a["sha256"] for issue in truth["issues"] for a in issue["attachments"]}
    return {
        "ids": [issue["id"] for issue in truth["issues"]],
        "keys": [issue["key"] for issue in truth["issues"]],
        "counts": counts,
        "sha256": {att_id: hashes[att_id] for att_id in extracted["sha256"]},
    }


@pytest.mark.parametrize("mode", ["cloud", "server"])
async def test_extraction_equals_ground_truth(mode: str, dataset: Dataset) -> None:
    async with connected(sim_config(mode), dataset) as site:
        extracted = await extract(site.client, JQL, attachments_of=ATTACHMENT_ISSUES)
        truth = await ground_truth(site.sim, JQL)
        info = await site.client.server_info()
    assert info.deployment == mode
    assert extracted == expected_from(truth, extracted)
    assert len(extracted["keys"]) == truth["total"] == 300
    heaviest = max(truth["issues"], key=lambda issue: issue["histories"])
    assert extracted["counts"][heaviest["key"]][1] == heaviest["histories"] > 1000  # far past any embed limit
    assert max(issue["comments"] for issue in truth["issues"]) > 100
    assert len(extracted["sha256"]) >= ATTACHMENT_ISSUES
    assert site.stats.retries == 0
    assert site.stats.throttled == 0


@pytest.mark.parametrize("mode", ["cloud", "server"])
async def test_faults_do_not_change_the_result(mode: str, dataset: Dataset) -> None:
    async with connected(sim_config(mode), dataset) as site:
        site.sim.set_faults(FAULTS)
        started = time.monotonic()
        faulty = await extract(site.client, JQL, attachments_of=ATTACHMENT_ISSUES // 2)
        elapsed = time.monotonic() - started
        stats = site.sim.stats()
        truth = await ground_truth(site.sim, JQL)
    # The fault-free run equals the ground truth (test above), so this is "identical to a fault-free run".
    assert faulty == expected_from(truth, faulty)
    outcomes, statuses = stats["outcomes"], str_keys(stats["by_status"])
    assert statuses.get("429", 0) > 0, statuses  # the storm that is on when the run starts
    # Which random faults hit which request depends on timing; unit tests cover each kind on its own.
    server_errors = sum(statuses.get(code, 0) for code in ("500", "502", "503"))
    assert server_errors + outcomes.get("reset", 0) + outcomes.get("truncated", 0) >= 3, (statuses, outcomes)
    if mode == "cloud":  # Server serves attachments itself; the media listener (and its drops) is Cloud's
        assert outcomes.get("dropped", 0) > 0, outcomes
    # Requests already in flight when a 429 is issued arrive "early" through no fault of the client; with
    # up to 12 in flight that bounds them. The sequential test below shows none is sent after the client knew.
    assert stats["early_retries"] <= (statuses.get("429", 0) + statuses.get("503", 0)) * 11
    assert site.stats.retries > 0
    assert site.stats.throttled > 0
    assert elapsed < 30


@pytest.mark.parametrize("mode", ["cloud", "server"])
async def test_no_request_is_sent_before_retry_after_expires(mode: str, dataset: Dataset) -> None:
    faults = {
        "storm_every_s": 0.8,
        "storm_duration_s": 0.3,
        "storm_start_after_s": 0.1,
        "retry_after_zero_fraction": 0.5,
        "error_rate": 0.1,
        "error_503_fraction": 1.0,
    }
    async with connected(sim_config(mode), dataset) as site:
        await site.client.server_info()
        site.sim.set_faults(faults)
        for _ in range(300):  # one request at a time: none is in flight when a 429 or 503 is issued
            await site.client.myself()
            stats = site.sim.stats()
            if site.stats.throttled >= 2 and str_keys(stats["by_status"]).get("503", 0) >= 1:
                break
    assert site.stats.throttled >= 2
    assert str_keys(stats["by_status"]).get("503", 0) >= 1
    assert stats["early_retries"] == 0


async def test_server_basic_auth_and_clamped_pages(dataset: Dataset) -> None:
    async with connected(sim_config("server", server_max_results=7), dataset, server_basic=True) as site:
        _ids, keys, pages = await enumerate_ids(site.client, "project = ALPHA ORDER BY key DESC")
        truth = await ground_truth(site.sim, "project = ALPHA ORDER BY key DESC")
    assert keys == [issue["key"] for issue in truth["issues"]]
    assert pages == -(-truth["total"] // 7)


@pytest.mark.parametrize("mode", ["cloud", "server"])
async def test_bad_jql_and_bad_credentials_are_permanent(mode: str, dataset: Dataset) -> None:
    async with connected(sim_config(mode), dataset) as site:
        with pytest.raises(JiraBadRequest) as bad:
            await site.client.search_ids("project = (ALPHA")
        assert site.stats.requests == 2  # serverInfo, then one search: a 400 is never retried
    assert "JQL" in bad.value.message or "Expecting" in bad.value.message
    async with connected(sim_config(mode, token="another-token", password="another"), dataset) as site:
        with pytest.raises(JiraAuthError):
            await site.client.myself()

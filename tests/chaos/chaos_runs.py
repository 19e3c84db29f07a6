"""What the fleet fault tests share: a clean reference run, and comparing a faulted run's files with it."""

import asyncio
import uuid

from fleet_harness import Fleet

JQL = "created >= -5200w ORDER BY key ASC"
FORMATS = ["json", "ndjson", "csv", "xml", "html"]
NO_FILES = {"attachments": False}  # attachment blobs are shared between runs, which would skew request counts
# What embeds the export's start time differs between two runs by design; everything else must be identical.
TIMESTAMPED = {"html/index.html", "issues.xml", "manifest.json"}


# The requests that extract issues; a redone chunk repeats each of them once (20-issue chunks fit one call).
CHUNK_ENDPOINTS = ("POST /rest/api/3/issue/bulkfetch", "POST /rest/api/3/changelog/bulkfetch")


def requests_by_endpoint(fleet: Fleet) -> dict[str, int]:
    return {endpoint: sum(statuses.values()) for endpoint, statuses in fleet.sim.stats()["by_endpoint"].items()}


async def reference_run(fleet: Fleet) -> tuple[uuid.UUID, dict[str, int]]:
    """An uninterrupted export of JQL: its job id and the Jira requests it cost, per endpoint."""
    fleet.sim.reset_stats()
    job_id = await fleet.publish_request(jql=JQL, name="run", key="reference", formats=FORMATS, include=NO_FILES)
    terminal, _ = await fleet.follow(job_id)
    assert terminal["type"] == "job.succeeded", terminal
    return job_id, requests_by_endpoint(fleet)


def assert_at_most_one_chunk_redone(reference: dict[str, int], faulted: dict[str, int]) -> None:
    for endpoint in CHUNK_ENDPOINTS:
        assert faulted.get(endpoint, 0) <= reference.get(endpoint, 0) + 1, (endpoint, reference, faulted)


async def wait_for_exported(fleet: Fleet, job_id: uuid.UUID, issues: int) -> None:
    async with asyncio.timeout(120):
        while (await fleet.job(job_id)).issues_exported < issues:  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.05)


async def same_files(fleet: Fleet, reference: uuid.UUID, job_id: uuid.UUID) -> None:
    expected, got = await fleet.export_hashes(reference, "run"), await fleet.export_hashes(job_id, "run")
    assert {p: h for p, h in got.items() if p not in TIMESTAMPED} == {
        p: h for p, h in expected.items() if p not in TIMESTAMPED
    }

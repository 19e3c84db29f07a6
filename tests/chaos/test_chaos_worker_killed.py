"""R1: kill -9 a worker at about half of an export; the job completes with the same data as an uninterrupted run."""

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest
from fleet_harness import running_fleet

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_shared.bus import open_rabbit_command_bus
from jiraex_shared.jobs.reaper import run_reaper

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# Enough chunks that "half way" is well defined, and a little latency so the kill lands mid-chunk.
SIM = SimConfig(issues=400, seed=31, heavy_every=80, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=15, jitter_ms=5),)))
JQL = "created >= -5200w ORDER BY key ASC"
FORMATS = ["json", "ndjson", "csv", "xml", "html"]
NO_FILES = {"attachments": False}  # attachment blobs are shared between runs, which would skew request counts
# What embeds the export's start time differs between two runs by design; everything else must be identical.
TIMESTAMPED = {"html/index.html", "issues.xml", "manifest.json"}


async def test_a_worker_killed_mid_export_costs_one_chunk(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=20,
                      lease_seconds=4) as fleet,
        open_rabbit_command_bus(rabbitmq_url, app_id="reaper-under-test") as bus,
    ):
        reaper = asyncio.create_task(run_reaper(fleet.sessions, bus, interval=1, idle_after=timedelta(seconds=1)))
        try:
            clean_id = await fleet.publish_request(jql=JQL, name="run", key="r1-clean", formats=FORMATS,
                                                   include=NO_FILES)
            assert (await fleet.follow(clean_id))[0]["type"] == "job.succeeded"
            clean_requests = fleet.sim.stats()["requests_total"]
            clean_chunks = (await fleet.job(clean_id)).chunks_total
            fleet.sim.reset_stats()

            job_id = await fleet.publish_request(jql=JQL, name="run", key="r1-killed", formats=FORMATS,
                                                 include=NO_FILES)
            async with asyncio.timeout(120):
                while (await fleet.job(job_id)).issues_exported < 200:  # noqa: ASYNC110 - polling the database
                    await asyncio.sleep(0.05)
            fleet.workers[0].kill()
            terminal, _ = await fleet.follow(job_id)
            killed_requests = fleet.sim.stats()["requests_total"]
        finally:
            reaper.cancel()
        assert terminal["type"] == "job.succeeded", (terminal, fleet.worker_logs()[-3000:])
        clean, killed = await fleet.export_hashes(clean_id, "run"), await fleet.export_hashes(job_id, "run")
        assert {p: h for p, h in killed.items() if p not in TIMESTAMPED} == {
            p: h for p, h in clean.items() if p not in TIMESTAMPED
        }
        job = await fleet.job(job_id)
        assert job.issues_exported == (await fleet.job(clean_id)).issues_exported == 400
        per_chunk = clean_requests / (clean_chunks or 1)
        assert killed_requests - clean_requests <= 2 * per_chunk + 5, (killed_requests, clean_requests, per_chunk)
        records = [json.loads(line) for line in await _ndjson(fleet, job_id)]
        assert len({r["key"] for r in records}) == len(records) == 400


async def _ndjson(fleet, job_id) -> list[bytes]:  # type: ignore[no-untyped-def]
    from jiraex_shared.storage import open_artifact_store

    async with open_artifact_store(fleet.settings) as store:
        data = b"".join([c async for c in store.open_read(f"jobs/{job_id}/run/issues.ndjson")])
    return [line for line in data.splitlines() if line]

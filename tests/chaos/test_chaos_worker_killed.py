"""R1: kill -9 a worker at about half of an export; the job completes with the same data as an uninterrupted run."""

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from chaos_runs import (
    FORMATS,
    JQL,
    NO_FILES,
    assert_at_most_one_chunk_redone,
    reference_run,
    requests_by_endpoint,
    same_files,
    wait_for_exported,
)
from fleet_harness import running_fleet

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule
from jiraex_shared.bus import open_rabbit_command_bus
from jiraex_shared.jobs.reaper import run_reaper

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# Enough chunks that "half way" is well defined, a little latency so the kill lands mid-chunk, and no heavy
# tail: chunks then cost the same number of requests, so "one chunk's worth" is a fair bound.
SIM = SimConfig(issues=400, seed=31, heavy_every=100_000, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=15, jitter_ms=5),)))


async def test_a_worker_killed_mid_export_costs_one_chunk(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with (
        running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=20,
                      lease_seconds=4) as fleet,
        open_rabbit_command_bus(rabbitmq_url, app_id="reaper-under-test") as bus,
    ):
        # The dead worker's chunk keeps its lease until it expires; the reaper then hands it to the survivor.
        reaper = asyncio.create_task(run_reaper(fleet.sessions, bus, interval=1, idle_after=timedelta(seconds=1)))
        try:
            reference, reference_requests = await reference_run(fleet)
            fleet.sim.reset_stats()
            job_id = await fleet.publish_request(jql=JQL, name="run", key="killed", formats=FORMATS,
                                                 include=NO_FILES)
            await wait_for_exported(fleet, job_id, 200)
            fleet.workers[0].kill()
            terminal, _ = await fleet.follow(job_id)
            requests = requests_by_endpoint(fleet)
        finally:
            reaper.cancel()
        assert terminal["type"] == "job.succeeded", (terminal, fleet.worker_logs()[-3000:])
        await same_files(fleet, reference, job_id)
        assert (await fleet.job(job_id)).issues_exported == 400
        assert_at_most_one_chunk_redone(reference_requests, requests)

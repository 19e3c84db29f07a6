"""R7: Jira misbehaves during a fleet export (connection resets, latency spikes, a blackhole window, 429 storms): the
job still succeeds with the reference data, and no worker calls Jira again before a `Retry-After` has expired."""

import asyncio
import json
from pathlib import Path

import pytest
from chaos_runs import FORMATS, JQL, NO_FILES, reference_run, same_files, wait_for_exported
from fleet_harness import running_fleet

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]
ISSUES = 400
BASE_LATENCY = LatencyRule(pattern="*", ms=40, jitter_ms=10)
SIM = SimConfig(issues=ISSUES, seed=37, heavy_every=40, max_attachment_bytes=10_000,
                faults=FaultSettings(seed=37, latency=(BASE_LATENCY,)))
# Throughout the faulted run: one request in ten reset (RST, nothing answered), a 429 storm of 3 s every 7 s (each
# 429 carrying `Retry-After` = the seconds left in the storm), and a site limit of 6 requests/s the workers are not
# told about, answered with 429 + `Retry-After` whenever the two workers together go faster.
RESETS_AND_STORMS = {"reset_rate": 0.1, "storm_every_s": 7.0, "storm_duration_s": 3.0, "storm_start_after_s": 1.0,
                     "rate_limit_rps": 6.0, "rate_limit_burst": 3}
SPIKE = {"latency": [{"pattern": "*", "ms": 2000, "jitter_ms": 200}]}  # for SPIKE_SECONDS, a quarter in
SPIKE_SECONDS = 4
BLACKHOLE_SECONDS = 5.0  # half way: requests are read and never answered, the connections closed after 5 s


async def test_jira_faults_change_nothing_in_the_export_and_retry_after_is_obeyed(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=20) as fleet:
        reference, _ = await reference_run(fleet)
        fleet.sim.reset_stats()
        fleet.sim.set_faults(**RESETS_AND_STORMS)
        job_id = await fleet.publish_request(jql=JQL, name="run", key="jira-faults", formats=FORMATS,
                                             include=NO_FILES)
        following = asyncio.create_task(fleet.follow(job_id, within=180))
        try:
            await wait_for_exported(fleet, job_id, ISSUES // 4)
            fleet.sim.set_faults(**SPIKE)
            await asyncio.sleep(SPIKE_SECONDS)
            fleet.sim.set_faults(latency=[{"pattern": BASE_LATENCY.pattern, "ms": BASE_LATENCY.ms,
                                           "jitter_ms": BASE_LATENCY.jitter_ms}])
            await wait_for_exported(fleet, job_id, ISSUES // 2)
            exported_at_blackhole = (await fleet.job(job_id)).issues_exported
            fleet.sim.set_faults(blackhole_duration_s=BLACKHOLE_SECONDS, blackhole_start_after_s=0.0)
            terminal, events = await following
        finally:
            following.cancel()
        stats = fleet.sim.stats()
        (tmp_path / "sim-stats.json").write_text(json.dumps(stats, indent=1))  # for a post-mortem
        job = await fleet.job(job_id)
        logs = fleet.worker_logs()
    # Every fault was really served during the export.
    assert stats["outcomes"].get("reset", 0) > 0, stats["outcomes"]
    assert stats["outcomes"].get("blackholed", 0) > 0, stats["outcomes"]
    assert stats["by_status"].get("429", 0) > 0, stats["by_status"]
    assert exported_at_blackhole < ISSUES, "the job ended before the blackhole"
    # The job never failed, and its files equal the clean run's.
    assert terminal["type"] == "job.succeeded", (terminal, job.error_message, logs[-4000:])
    assert not [e for e in events if e["type"] in {"job.failed", "job.state_changed"} and e.get("state") == "failed"]
    assert job.state == "succeeded" and job.issues_exported == ISSUES
    await same_files(fleet, reference, job_id)
    # No worker sent Jira a request before a Retry-After it (or another worker on the same credential) got had run out.
    assert stats["early_retries"] == 0, {k: v for k, v in stats.items() if "retr" in k}
    assert job.rate_limited > 0  # the workers saw the 429s, and counted them
    assert stats["by_status"]["429"] >= 10, stats["by_status"]  # enough throttling to race a pause

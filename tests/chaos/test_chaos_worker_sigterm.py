"""R2: SIGTERM a worker mid-chunk, as a Kubernetes rollout does: it exits 0 inside its grace period, gives the
chunk back at once, and the other worker finishes the job with the same data as an uninterrupted run."""

import asyncio
import signal
import time
from pathlib import Path

import pytest
from chaos_runs import FORMATS, JQL, NO_FILES, reference_run, same_files, wait_for_exported
from fleet_harness import running_fleet

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# Slow Jira answers make each chunk take longer than the grace period, so SIGTERM interrupts one.
SIM = SimConfig(issues=240, seed=32, heavy_every=80, max_attachment_bytes=10_000,
                faults=FaultSettings(latency=(LatencyRule(pattern="*", ms=120, jitter_ms=20),)))
GRACE = 2.0


async def test_sigterm_hands_the_chunk_over_and_exits_zero(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM, chunk_size=40,
                             lease_seconds=60) as fleet:
        fleet.env["JIRA_EXTRACTOR_WORKER_GRACE_SECONDS"] = str(GRACE)
        for worker in fleet.workers:  # restart with the short grace period
            worker.send_signal(signal.SIGTERM)
            await worker.wait()
        fleet.workers.clear()
        for _ in range(2):
            await fleet.start_worker()
        reference, _ = await reference_run(fleet)
        job_id = await fleet.publish_request(jql=JQL, name="run", key="sigterm", formats=FORMATS, include=NO_FILES)
        await wait_for_exported(fleet, job_id, 40)
        stopped = fleet.workers[0]
        sent = time.monotonic()
        stopped.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(stopped.wait(), timeout=GRACE + 15)
        took = time.monotonic() - sent
        # No reaper runs here: with a 60 s lease, finishing at all proves the chunk was released, not reaped.
        terminal, _ = await fleet.follow(job_id, within=120)
        assert code == 0, fleet.worker_logs()[-3000:]
        assert took < GRACE + 10
        assert terminal["type"] == "job.succeeded", (terminal, fleet.worker_logs()[-3000:])
        await same_files(fleet, reference, job_id)

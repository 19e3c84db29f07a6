"""One measured fleet run: fresh resources, N worker processes, one export followed to its end, what it cost."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpu_usage import machine_cpu, process_cpu_seconds
from fleet_resources import clear_redis, fleet_resources
from job_driver import follow, job_timings, publish_request
from request_budget import summarise_stats
from sim_process import EMAIL, TOKEN, SimProcess
from worker_processes import WorkerFleet


@dataclass(frozen=True)
class RunPlan:
    workers: int
    concurrency: int  # JIRA_EXTRACTOR_WORKER_CONCURRENCY of every worker
    chunk_size: int
    jql: str
    formats: list[str]
    include: dict[str, bool]
    rate_cap: float | None = None  # the connection's rate_cap_rps: the shared governor's limit for the site
    fields: list[str] | None = None  # None: every field
    timeout_s: float = 1800.0


async def run_fleet(sim: SimProcess, plan: RunPlan) -> dict[str, Any]:
    """Start the workers, wait until all consume, reset the simulator's stats, publish, follow to the end."""
    logs = Path(tempfile.mkdtemp(prefix=f"jiraex-bench-w{plan.workers}-"))
    job_id: uuid.UUID | None = None
    async with fleet_resources(base_url=sim.base_url, email=EMAIL, token=TOKEN, concurrency=plan.concurrency,
                               chunk_size=plan.chunk_size, rate_cap=plan.rate_cap) as resources:
        fleet = WorkerFleet(resources, logs)
        try:
            fleet.start(plan.workers)
            ready_s = await fleet.wait_consuming()
            sim.reset_stats()
            workers_cpu, sim_cpu, machine = fleet.cpu_seconds(), process_cpu_seconds(sim.pid), machine_cpu()
            job_id, published = await publish_request(resources, jql=plan.jql, formats=plan.formats,
                                                      include=plan.include, fields=plan.fields)
            followed = await follow(job_id, within=plan.timeout_s, on_idle=fleet.check_alive)
            workers_used = [after - before for after, before in zip(fleet.cpu_seconds(), workers_cpu, strict=True)]
            sim_used = process_cpu_seconds(sim.pid) - sim_cpu
            machine_after = machine_cpu()
            wall = followed.terminal_at - published
            stats = sim.stats()
            timings = await job_timings(resources, job_id, fleet.pids)
        finally:
            fleet.stop()
            await clear_redis(resources.site, [str(job_id)] if job_id else [])
    requests = summarise_stats(stats)
    issues = timings["issues_exported"]
    result: dict[str, Any] = {
        "workers": plan.workers, "concurrency_setting": plan.concurrency, "chunk_size": plan.chunk_size,
        "rate_cap": plan.rate_cap, "fields": plan.fields, "include": plan.include,
        "outcome": followed.terminal["type"], **timings,
        "issues_per_s": issues / timings["job_s"] if timings["job_s"] else 0.0,
        "extraction_issues_per_s": issues / timings["extraction_s"] if timings["extraction_s"] else 0.0,
        "publish_to_terminal_s": round(wall, 2), "workers_ready_s": round(ready_s, 1),
        "jira_requests": requests.jira_requests, "status_429": requests.status_429,
        "sim_peak_concurrency": stats.get("peak_concurrency"), "request_rate": requests.rate,
        "per_second": [(second, count) for second, count, _ in requests.per_second],
        "cpu": {
            "workers_s": [round(value, 2) for value in workers_used], "workers_total_s": round(sum(workers_used), 2),
            "simulator_s": round(sim_used, 2),
            "workers_lifetime_s": [round(value, 2) for value in fleet.lifetime_cpu_s],
            # Everything on the machine (PostgreSQL, RabbitMQ, moto, Redis, neighbours included).
            "machine_busy_share": (round(machine_after.share_busy_since(machine), 3)
                                   if machine and machine_after else None),
        },
        "worker_exit_codes": fleet.exit_codes, "progress_events": dict(followed.events),
    }
    if result["outcome"] != "job.succeeded" or any(fleet.exit_codes):
        result["log_tail"], result["logs"] = fleet.log_tail(), str(logs)
    else:
        shutil.rmtree(logs, ignore_errors=True)
    return result
